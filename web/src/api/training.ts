// 技能培训: courses in two enrolment modes (先到先得 with a waiting list, 公平抽签 by the
// lotteries' verifiable draw), the member's place in one, session sign-in by the teacher's
// minute QR code, certificates with a public check, and the console's enrolment lists,
// attendance and figures. Wire types from openapi.yaml.
import { apiBase, get, post, put } from './client';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type TrainingSession = Sent<'TrainingSession'>;
export type TrainingMaterial = Sent<'TrainingMaterial'>;
export type TrainingMyEnrolment = Sent<'TrainingMyEnrolment'>;
export type TrainingCourse = Omit<Sent<'TrainingCourse'>, 'sessions' | 'materials' | 'my_enrolment'> & {
  sessions: TrainingSession[];
  materials: TrainingMaterial[];
  my_enrolment: TrainingMyEnrolment | null;
};
export type TrainingCategory = TrainingCourse['category'];
export type TrainingMode = TrainingCourse['mode'];
export type TrainingStatus = TrainingCourse['status'];
export type EnrolmentState = TrainingMyEnrolment['state'];
export type TrainingEnrolment = Sent<'TrainingEnrolment'>;
export type MyTraining = Omit<Sent<'MyTraining'>, 'next_session' | 'enrolment' | 'category'> & {
  category: TrainingCategory;
  next_session: TrainingSession | null;
  enrolment: TrainingMyEnrolment;
};
export type TrainingAttendance = Sent<'TrainingAttendance'>;
export type AttendanceStatus = TrainingAttendance['status'];
export type AttendanceMark = RequestBody<'/api/v1/training/sessions/{id}/attendance/{member_id}', 'put'>['status'];
export type TrainingSessionCode = Sent<'TrainingSessionCode'>;
export type TrainingCertificate = Omit<Sent<'TrainingCertificate'>, 'category'> & { category: TrainingCategory };
export type TrainingCertificateCheck = Omit<Sent<'TrainingCertificateCheck'>, 'category'> & { category: TrainingCategory };
export type TrainingCourseInput = RequestBody<'/api/v1/training/courses', 'post'>;
export type TrainingSessionInput = TrainingCourseInput['sessions'][number];
export type TrainingFigureRow = Sent<'TrainingFigureRow'>;
export type TrainingUnionFigures = TrainingFigureRow & { org_id: string; org_name: string; own: boolean };
export type TrainingCategoryFigures = TrainingFigureRow & { category: TrainingCategory };
export interface TrainingFigures {
  org_id: string;
  from: string;
  to: string;
  totals: TrainingFigureRow;
  by_union: TrainingUnionFigures[];
  by_category: TrainingCategoryFigures[];
}

export const trainingCategories: TrainingCategory[] = [
  'rural_technology',
  'agri_innovation',
  'live_commerce',
  'vocational_skills',
  'digital_skills',
  'safety',
  'other',
];

export interface CoursePage {
  items: TrainingCourse[];
  next_cursor: string | null;
}

// What a member's sign-in answers.
export interface SignInResult {
  session_id: string;
  course_id: string;
  course_title: string;
  status: 'present';
  signed_at: string;
  attended: number;
  required_sessions: number;
  certificate_id: string | null;
}

// A session's attendance sheet for the course's admins.
export interface AttendanceSheet {
  session: TrainingSession;
  course_id: string;
  course_title: string;
  present: number;
  excused: number;
  absent: number;
  pending: number;
  items: TrainingAttendance[];
}

const course = (id: string) => `/training/courses/${encodeURIComponent(id)}`;
const session = (id: string) => `/training/sessions/${encodeURIComponent(id)}`;

// Newest first: for a member the published courses they may enrol in, for an admin those of
// their subtree.
export function listCourses(query: QueryParameters<'/api/v1/training/courses'> = {}): Promise<CoursePage> {
  return get<CoursePage>('/training/courses', { query });
}

export function getCourse(id: string): Promise<TrainingCourse> {
  return get<TrainingCourse>(course(id));
}

// The member asks for a place: a seat, the waiting list (先到先得) or an application (公平抽签).
export function enrol(courseId: string, idempotencyKey: string): Promise<TrainingMyEnrolment> {
  return post<TrainingMyEnrolment>(`${course(courseId)}/enrolment`, undefined, { idempotencyKey });
}

export function cancelEnrolment(courseId: string, idempotencyKey: string): Promise<TrainingMyEnrolment> {
  return post<TrainingMyEnrolment>(`${course(courseId)}/enrolment/cancel`, undefined, { idempotencyKey });
}

export function confirmOffer(courseId: string, idempotencyKey: string): Promise<TrainingMyEnrolment> {
  return post<TrainingMyEnrolment>(`${course(courseId)}/enrolment/confirm`, undefined, { idempotencyKey });
}

// Signing in again answers the same attendance, so the client may repeat it.
export function signInToSession(sessionId: string, code: string): Promise<SignInResult> {
  const body: RequestBody<'/api/v1/training/sessions/{id}/sign-in', 'post'> = { code };
  return post<SignInResult>(`${session(sessionId)}/sign-in`, body);
}

export function listMyTraining(): Promise<{ items: MyTraining[]; barred_until: string | null }> {
  return get<{ items: MyTraining[]; barred_until: string | null }>('/me/training');
}

export function getCertificate(id: string): Promise<TrainingCertificate> {
  return get<TrainingCertificate>(`/training/certificates/${encodeURIComponent(id)}`);
}

// The certificate as a PDF, opened with the session cookie.
export function certificatePdfUrl(id: string): string {
  return `${apiBase}/training/certificates/${encodeURIComponent(id)}/pdf`;
}

// Public: what a certificate's QR code checks.
export function checkCertificate(code: string): Promise<TrainingCertificateCheck> {
  return get<TrainingCertificateCheck>(`/training/verify/${encodeURIComponent(code)}`);
}

// The public audit bundle of a drawn 公平抽签 course (JSON, no sign-in).
export function courseAuditUrl(courseId: string): string {
  return `${apiBase}${course(courseId)}/audit`;
}

// The public page that recomputes a course's draw from its audit bundle.
export function courseVerifyPageUrl(courseId: string): string {
  return `/verify/?course=${encodeURIComponent(courseId)}`;
}

export function createCourse(input: TrainingCourseInput, idempotencyKey: string): Promise<TrainingCourse> {
  return post<TrainingCourse>('/training/courses', input, { idempotencyKey });
}

// Replaces a draft whole.
export function updateCourse(id: string, input: TrainingCourseInput): Promise<TrainingCourse> {
  return put<TrainingCourse>(course(id), input);
}

export function publishCourse(id: string, idempotencyKey: string): Promise<TrainingCourse> {
  return post<TrainingCourse>(`${course(id)}/publish`, undefined, { idempotencyKey });
}

export function cancelCourse(id: string, reason: string, idempotencyKey: string): Promise<TrainingCourse> {
  const body: RequestBody<'/api/v1/training/courses/{id}/cancel', 'post'> = { reason };
  return post<TrainingCourse>(`${course(id)}/cancel`, body, { idempotencyKey });
}

// Draws a closed 公平抽签 course with the value of its named public randomness (or '').
export function drawCourse(id: string, beaconValue: string, idempotencyKey: string): Promise<TrainingCourse> {
  const body: RequestBody<'/api/v1/training/courses/{id}/draw', 'post'> = { beacon_value: beaconValue };
  return post<TrainingCourse>(`${course(id)}/draw`, body, { idempotencyKey });
}

export async function listEnrolments(courseId: string, state?: EnrolmentState): Promise<TrainingEnrolment[]> {
  return (await get<{ items: TrainingEnrolment[] }>(`${course(courseId)}/enrolments`, { query: { state } })).items;
}

export function getSessionCode(sessionId: string): Promise<TrainingSessionCode> {
  return get<TrainingSessionCode>(`${session(sessionId)}/code`);
}

export function getAttendance(sessionId: string): Promise<AttendanceSheet> {
  return get<AttendanceSheet>(`${session(sessionId)}/attendance`);
}

export function markAttendance(sessionId: string, memberId: string, status: AttendanceMark): Promise<TrainingAttendance> {
  const body: RequestBody<'/api/v1/training/sessions/{id}/attendance/{member_id}', 'put'> = { status };
  return put<TrainingAttendance>(`${session(sessionId)}/attendance/${encodeURIComponent(memberId)}`, body);
}

export function getFigures(query: QueryParameters<'/api/v1/training/figures'> = {}): Promise<TrainingFigures> {
  return get<TrainingFigures>('/training/figures', { query });
}

export async function getNoShowBarDays(): Promise<number> {
  return (await get<{ no_show_bar_days: number }>('/training/settings')).no_show_bar_days;
}

export async function setNoShowBarDays(days: number): Promise<number> {
  const body: RequestBody<'/api/v1/training/settings', 'put'> = { no_show_bar_days: days };
  return (await put<{ no_show_bar_days: number }>('/training/settings', body)).no_show_bar_days;
}
