// Training courses for the browser tests, made and moved on through the API beside the pages:
// a published course (first come or fair draw) with sessions at chosen times, enrolments, the
// draw, session codes and sign-ins.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

export const minute = 60000;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const beijingDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

// A session starting `startsIn` ms from now, an hour long but never past the end of its
// Beijing day (the API wants both ends on one Asia/Shanghai day).
function sessionAt(startsIn, place) {
  const starts = new Date(Date.now() + startsIn);
  const dayEnd = new Date(`${beijingDayFormat.format(starts)}T23:59:00+08:00`);
  const ends = new Date(Math.min(starts.getTime() + 60 * minute, dayEnd.getTime()));
  assert.ok(ends > starts, 'the test does not run in the last minute of a Beijing day');
  return { starts_at: starts.toISOString(), ends_at: ends.toISOString(), place, lat: 30.5728, lng: 104.0668 };
}

// Creates and publishes a course as `admin`. Enrolment opens a minute ago and closes
// `closesIn` ms from now; the sessions start at `sessionsIn` ms from now (each a week apart
// after the first).
export async function publishedCourse(
  admin,
  { title, mode = 'first_come', seats = 10, closesIn = 5 * minute, sessionsIn = [10 * minute], category = 'rural_technology', ...rest },
) {
  const input = {
    title,
    category,
    teacher_name: '李春生',
    teacher_title: '高级农艺师',
    description: '大棚蔬菜病虫害的绿色防控：识别、预防和用药安全。',
    mode,
    seats,
    enrol_opens_at: new Date(Date.now() - minute).toISOString(),
    enrol_closes_at: new Date(Date.now() + closesIn).toISOString(),
    cancel_before_minutes: 0,
    materials: [{ kind: 'video', title: '课前视频：常见病虫害识别', url: 'https://example.org/video/1' }],
    sessions: sessionsIn.map((startsIn, index) => sessionAt(startsIn, `青山镇农技站 ${index + 1} 号教室`)),
    ...(mode === 'fair_draw' ? { beacon_source: '报名截止次日上证指数收盘价' } : {}),
    ...rest,
  };
  const created = await admin.post('/training/courses', input, randomUUID());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const published = await admin.post(`/training/courses/${created.body.id}/publish`, undefined, randomUUID());
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return published.body;
}

export async function enrolByApi(member, courseId) {
  const answer = await member.post(`/training/courses/${courseId}/enrolment`, undefined, randomUUID());
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

// The session's code of this minute, as the teacher's phone shows it.
export async function sessionCode(admin, sessionId) {
  const answer = await admin.get(`/training/sessions/${sessionId}/code`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

// A course of one session open for sign-in now, the member enrolled and signed in, so that
// they hold its certificate. Answers the course and the certificate.
export async function completedCourse(admin, member, title) {
  const course = await publishedCourse(admin, { title, closesIn: minute, sessionsIn: [2 * minute] });
  await enrolByApi(member, course.id);
  const { code } = await sessionCode(admin, course.sessions[0].id);
  const signed = await member.post(`/training/sessions/${course.sessions[0].id}/sign-in`, { code });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  assert.ok(signed.body.certificate_id, 'one session attended completes the course');
  const certificate = await member.get(`/training/certificates/${signed.body.certificate_id}`);
  assert.equal(certificate.status, 200, JSON.stringify(certificate.body));
  return { course, certificate: certificate.body };
}
