// The console's 技能培训: a course with two sessions made through the editor and published; the
// teacher's sign-in QR page, whose code changes with the minute, on a phone; a session's
// attendance, where staff mark a member present; and 培训统计, whose tiles show the API's totals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, laptop, phone, signInByApi, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';
import { enrolByApi, minute, publishedCourse, sessionCode, sleep } from './training.mjs';

let admin;
let member;
const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
  },
});

// A Beijing calendar day `days` from now, YYYY-MM-DD.
function beijingDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86400000));
}

// The calendar day `days` after `day` (YYYY-MM-DD).
function addDays(day, days) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

// Types into an Element Plus date or time picker and confirms with Enter.
async function typeInto(input, text) {
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await input.press('Escape').catch(() => undefined);
}

async function courseByTitle(title) {
  const { items } = (await admin.get('/training/courses?limit=50')).body;
  return items.find((course) => course.title === title);
}

test('a course with two sessions is made in the editor, then published from its page', async () => {
  const title = `设施蔬菜病虫害绿色防控 ${Date.now()}`;
  const day = beijingDay(10);
  // From `day`, not from the clock again, which may be a Beijing day later by then.
  const weekLater = addDays(day, 7);
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/training/courses`);
    await page.locator('[data-testid=course-create]').click();
    await waitForPath(page, '/admin/training/courses/new');

    await textBox(page, 'course-title-input').fill(title);
    await textBox(page, 'course-teacher-name').fill('王建国');
    await page.locator('[data-testid=course-mode-fair_draw]').click();
    await waitForText(
      page.locator('[data-testid=course-mode-hint]'),
      '公平抽签：报名期内收申请，截止后用公开随机数抽签分配名额，其余按抽签顺序候补；近期缺课未请假的会员不能申请。',
    );
    await textBox(page, 'course-beacon-source').fill('报名截止次日上证指数收盘价');
    await page.locator('[data-testid=course-mode-first_come]').click();
    assert.equal(await page.locator('[data-testid=course-beacon-source]').count(), 0, 'no randomness for first come');

    // A session without its place is named by its row.
    const rows = page.locator('[data-testid=session-row]');
    await typeInto(rows.nth(0).locator('.session-editor__day input'), day);
    await page.locator('[data-testid=course-save]').click();
    await waitForText(page.locator('[data-testid=course-sessions] .el-form-item__error'), '第 1 次课缺少日期、时间或地点');

    await textBox(page, 'session-place').fill('青山镇农技站');
    await page.locator('[data-testid=session-add]').click();
    assert.equal(await rows.count(), 2);
    // The new session is a week later at the same hours and place.
    assert.equal(await rows.nth(1).locator('.session-editor__day input').inputValue(), weekLater);
    assert.equal(await rows.nth(1).locator('input[data-testid=session-place]').inputValue(), '青山镇农技站');
    await page.locator('[data-testid=material-add]').click();
    await textBox(page, 'material-title').fill('课前阅读：绿色防控手册');
    await textBox(page, 'material-url').fill('https://example.org/handbook.pdf');

    await page.locator('[data-testid=course-save]').click();
    await page.waitForURL((url) => /^\/admin\/training\/courses\/\d+$/.test(url.pathname));
    await waitForText(page.locator('[data-testid=course-page-title]'), title);
    await waitForText(page.locator('[data-testid=course-status]'), '草稿');
    assert.equal(await page.locator('[data-testid=course-session-table] tr.el-table__row').count(), 2);

    await page.locator('[data-testid=course-publish]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await waitForText(page.locator('[data-testid=course-status]'), '即将报名');
    assert.equal(await page.locator('[data-testid=course-edit]').count(), 0, 'a published course is not edited');
  });

  const course = await courseByTitle(title);
  assert.ok(course, 'the course is stored');
  assert.equal(course.status, 'published');
  assert.equal(course.mode, 'first_come');
  assert.equal(course.teacher_name, '王建国');
  assert.deepEqual(
    course.sessions.map((session) => [session.starts_at, session.ends_at, session.place]),
    [
      [`${day}T01:00:00.000Z`, `${day}T03:30:00.000Z`, '青山镇农技站'],
      [`${weekLater}T01:00:00.000Z`, `${weekLater}T03:30:00.000Z`, '青山镇农技站'],
    ],
  );
  assert.deepEqual(course.materials, [{ kind: 'document', title: '课前阅读：绿色防控手册', url: 'https://example.org/handbook.pdf' }]);
});

test('the teacher’s QR page on a phone shows the session code and a new one when the minute turns', async () => {
  const course = await publishedCourse(admin, { title: `蔬菜嫁接现场课 ${Date.now()}`, closesIn: minute, sessionsIn: [5 * minute] });
  const sessionId = course.sessions[0].id;
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/training/sessions/${sessionId}/qr`);
    const qr = page.locator('[data-testid=session-qr]');
    await qr.waitFor();
    await waitForText(page.locator('[data-testid=session-qr-course]'), course.title);
    // The page's code is this minute's. At the turn of a minute the page shows the one before
    // until its next fetch is back, so the page and the server are read again until they agree.
    let first = await qr.getAttribute('data-code');
    let { code } = await sessionCode(admin, sessionId);
    const deadline = Date.now() + 10000;
    while (first !== code && Date.now() < deadline) {
      await sleep(200);
      first = await qr.getAttribute('data-code');
      ({ code } = await sessionCode(admin, sessionId));
    }
    assert.equal(first, code, 'the page shows the code of this minute');
    assert.match(first, /^[0-9a-f]{16}$/);
    const src = await qr.getAttribute('src');
    assert.match(src, /^\/api\/v1\/share\/qr\.svg\?path=/);
    assert.ok(decodeURIComponent(src).includes(`code=${first}`), 'the QR carries the code');

    // Big on the phone: most of the screen's width.
    const box = await qr.boundingBox();
    assert.ok(box.width >= 300, `QR ${box.width} px wide`);

    // The code changes within the next minute, without a reload.
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid=session-qr]')?.getAttribute('data-code') !== before,
      first,
      {
        timeout: 75000,
      },
    );
    const second = await qr.getAttribute('data-code');
    assert.notEqual(second, first);
    assert.ok(decodeURIComponent(await qr.getAttribute('src')).includes(`code=${second}`));
  });
});

test('staff mark a member present on the session’s attendance page', async () => {
  const course = await publishedCourse(admin, { title: `农机维修实训 ${Date.now()}`, closesIn: minute, sessionsIn: [5 * minute] });
  await enrolByApi(member, course.id);
  const sessionId = course.sessions[0].id;
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/training/courses/${course.id}`);
    const enrolment = page.locator('[data-testid=enrolment-table] tr.el-table__row', { hasText: '陈晓梅' });
    await waitForText(enrolment.locator('[data-testid=enrolment-state]'), '已报名');
    await page.locator('[data-testid=session-attendance-link]').first().click();
    await waitForPath(page, `/admin/training/sessions/${sessionId}/attendance`);
    await waitForText(page.locator('[data-testid=attendance-course]'), course.title);

    const row = page.locator('[data-testid=attendance-table] tr.el-table__row', { hasText: '陈晓梅' });
    await waitForText(row.locator('[data-testid=attendance-status]'), '未签到');
    assert.match(await row.innerText(), /139\*\*\*\*0001/);
    await row.locator('[data-testid=mark-present]').click();
    await waitForText(row.locator('[data-testid=attendance-status]'), '到场');
    assert.match(await row.innerText(), /登记/);
    await waitForText(page.locator('[data-testid=attendance-count-present] span').first(), '1');
  });
  const sheet = (await admin.get(`/training/sessions/${sessionId}/attendance`)).body;
  const mark = sheet.items.find((item) => item.name === '陈晓梅');
  assert.equal(mark.status, 'present');
  assert.equal(mark.method, 'staff');
  const mine = (await member.get('/me/training')).body.items.find((item) => item.course_id === course.id);
  assert.equal(mine.enrolment.attended, 1);
  assert.ok(mine.enrolment.certificate_id, 'one session of one attended: the certificate is issued');
});

test('培训统计 shows the totals the API answers for the period, with a new course counted', async () => {
  const course = await publishedCourse(admin, {
    title: `果树修剪培训 ${Date.now()}`,
    seats: 17,
    closesIn: minute,
    sessionsIn: [5 * minute],
  });
  await enrolByApi(member, course.id);
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/training/figures');
    await page.goto(`${env.url}/admin/training/figures`);
    const figures = await (await answered).json();
    const { totals } = figures;
    assert.ok(totals.courses >= 1 && totals.seats >= 17 && totals.enrolments >= 1, JSON.stringify(totals));
    const tiles = page.locator('[data-testid=figures-totals]');
    const shown = { courses: totals.courses, seats: totals.seats, enrolments: totals.enrolments, completions: totals.completions };
    for (const [key, value] of Object.entries(shown)) {
      await waitForText(tiles.locator(`[data-testid=figure-${key}]`), value.toLocaleString('zh-CN'));
    }
    assert.match(await tiles.innerText(), /课程数[\s\S]*名额[\s\S]*获得名额/);
    // One row per union of the subtree, the city's own courses among them.
    const rows = page.locator('[data-testid=figures-by-union] tr.el-table__row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), figures.by_union.length);
  });
});
