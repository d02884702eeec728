// 就业服务: vetted employers, jobs reviewed by the union (browsed by anyone, managed by the
// employer's staff), job seekers and their applications, saved searches (alerts) and the
// figures. Wire types from openapi.yaml.
import { get, post, put, remove } from './client';
import type { IssuedLink } from './access';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type JobKind = Sent<'JobKind'>;
export type PayUnit = Sent<'PayUnit'>;
export type JobStatus = Sent<'JobStatus'>;
export type EmployerStatus = Sent<'EmployerStatus'>;
export type Employer = Sent<'Employer'>;
export type EmployerApplicationInput = Sent<'EmployerApplicationInput'> & { description: string };
export type JobCard = Omit<Sent<'JobCard'>, 'distance_m'> & { distance_m?: number | null };
export type JobContact = { name: string; phone: string };
export type Job = JobCard & { requirements: string; benefits: string; contact: JobContact | null; my_application_id: string | null };
export interface JobStep {
  action: string;
  actor: string;
  at: string;
  reason: string;
}
export type JobPosting = Job & {
  org_id: string;
  valid_days: number;
  reason: string;
  created_at: string;
  updated_at: string;
  applications: number;
  steps: JobStep[];
};
export type JobInput = RequestBody<'/api/v1/job-postings', 'post'>;
export type JobSeekerProfile = Sent<'JobSeekerProfile'>;
export type JobSeekerProfileInput = RequestBody<'/api/v1/me/job-profile', 'put'>;
export type JobApplicationStatus = Sent<'JobApplicationStatus'>;
export interface JobApplicationStep {
  status: JobApplicationStatus;
  note: string;
  at: string;
}
export type JobApplication = Omit<Sent<'JobApplication'>, 'timeline' | 'seeker'> & {
  timeline: JobApplicationStep[];
  seeker?: JobSeekerProfile;
};
export type JobAlert = Sent<'JobAlert'>;
export type JobAlertInput = RequestBody<'/api/v1/me/job-alerts', 'post'>;
export type JobQuery = QueryParameters<'/api/v1/jobs'>;
export type JobSort = NonNullable<JobQuery['sort']>;
export type JobSeekerRegistration = RequestBody<'/api/v1/job-seekers', 'post'>;

export const jobKinds: JobKind[] = ['full_time', 'part_time', 'seasonal', 'gig'];
export const jobStatuses: JobStatus[] = ['draft', 'submitted', 'returned', 'published', 'expired', 'filled', 'taken_down'];
export const applicationStatuses: JobApplicationStatus[] = ['submitted', 'viewed', 'interview', 'hired', 'rejected'];

// The steps an employer may take from each state (the server's state machine).
export const applicationMoves: Record<JobApplicationStatus, JobApplicationStatus[]> = {
  submitted: ['viewed', 'interview', 'rejected'],
  viewed: ['interview', 'rejected'],
  interview: ['hired', 'rejected'],
  hired: [],
  rejected: [],
};

// The pay unit a kind must use, when it has only one (全职 per month, 零工 per day).
export function fixedPayUnit(kind: JobKind): PayUnit | null {
  if (kind === 'full_time') return 'month';
  if (kind === 'gig') return 'day';
  return null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export function listJobs(query: JobQuery & { cursor?: string }): Promise<Page<JobCard>> {
  return get<Page<JobCard>>('/jobs', { query: { ...query } });
}

export function getJob(id: string): Promise<Job> {
  return get<Job>(`/jobs/${encodeURIComponent(id)}`);
}

export function applyToJob(id: string, note: string, idempotencyKey?: string): Promise<JobApplication> {
  return post<JobApplication>(`/jobs/${encodeURIComponent(id)}/applications`, { note }, { idempotencyKey });
}

// Employers.
export function applyAsEmployer(input: EmployerApplicationInput, idempotencyKey?: string): Promise<Employer> {
  return post<Employer>('/employer-applications', input, { idempotencyKey });
}

export function listEmployers(status: EmployerStatus, q = '', cursor?: string): Promise<Page<Employer>> {
  return get<Page<Employer>>('/employers', { query: { status, q: q || undefined, cursor, limit: 50 } });
}

export function approveEmployer(id: string): Promise<Employer> {
  return post<Employer>(`/employers/${encodeURIComponent(id)}/approve`);
}

export function rejectEmployer(id: string, reason: string): Promise<Employer> {
  return post<Employer>(`/employers/${encodeURIComponent(id)}/reject`, { reason });
}

export function inviteEmployerStaff(id: string, phone: string, name: string): Promise<{ employer_id: string; invitation: IssuedLink }> {
  return post<{ employer_id: string; invitation: IssuedLink }>(`/employers/${encodeURIComponent(id)}/staff`, {
    phone,
    name: name || undefined,
  });
}

export function getOwnEmployer(): Promise<Employer> {
  return get<Employer>('/me/employer');
}

// Job postings (the employer's staff and the reviewing admins).
export function listPostings(status?: JobStatus, cursor?: string): Promise<Page<JobPosting>> {
  return get<Page<JobPosting>>('/job-postings', { query: { status, cursor, limit: 50 } });
}

export function getPosting(id: string): Promise<JobPosting> {
  return get<JobPosting>(`/job-postings/${encodeURIComponent(id)}`);
}

export function createPosting(input: JobInput, idempotencyKey?: string): Promise<JobPosting> {
  return post<JobPosting>('/job-postings', input, { idempotencyKey });
}

export function updatePosting(id: string, input: JobInput): Promise<JobPosting> {
  return put<JobPosting>(`/job-postings/${encodeURIComponent(id)}`, input);
}

export type PostingStep = 'submit' | 'approve' | 'return' | 'take-down' | 'renew' | 'fill';

// One step of a job's review or life: `reason` for return and take-down, `valid_days` for
// approve and renew.
export function stepPosting(id: string, step: PostingStep, body: { reason?: string; valid_days?: number } = {}): Promise<JobPosting> {
  return post<JobPosting>(`/job-postings/${encodeURIComponent(id)}/${step}`, body);
}

// Seekers and applications.
export function registerJobSeeker(input: JobSeekerRegistration): Promise<{ account: unknown }> {
  return post<{ account: unknown }>('/job-seekers', input, { retry: false });
}

export function getJobProfile(): Promise<JobSeekerProfile> {
  return get<JobSeekerProfile>('/me/job-profile');
}

export function saveJobProfile(input: JobSeekerProfileInput): Promise<JobSeekerProfile> {
  return put<JobSeekerProfile>('/me/job-profile', input);
}

export function listMyApplications(cursor?: string): Promise<Page<JobApplication>> {
  return get<Page<JobApplication>>('/me/job-applications', { query: { cursor, limit: 50 } });
}

export function listApplications(query: {
  job_id?: string;
  status?: JobApplicationStatus;
  cursor?: string;
}): Promise<Page<JobApplication>> {
  return get<Page<JobApplication>>('/job-applications', { query: { ...query, limit: 50 } });
}

export function getApplication(id: string): Promise<JobApplication> {
  return get<JobApplication>(`/job-applications/${encodeURIComponent(id)}`);
}

export function moveApplication(id: string, status: JobApplicationStatus, note: string): Promise<JobApplication> {
  return post<JobApplication>(`/job-applications/${encodeURIComponent(id)}/move`, { status, note: note || undefined });
}

// Alerts.
export function listAlerts(): Promise<{ items: JobAlert[] }> {
  return get<{ items: JobAlert[] }>('/me/job-alerts');
}

export function saveAlert(input: JobAlertInput): Promise<JobAlert> {
  return post<JobAlert>('/me/job-alerts', input);
}

export function deleteAlert(id: string): Promise<{ ok: boolean }> {
  return remove<{ ok: boolean }>(`/me/job-alerts/${encodeURIComponent(id)}`);
}

// Figures.
export interface JobFigureRow {
  org_id: string;
  org_name: string;
  jobs: number;
  positions: number;
  applications: number;
  interviews: number;
  hires: number;
  new_members: number;
}

export interface JobFigures {
  from: string;
  to: string;
  total: Omit<JobFigureRow, 'org_id' | 'org_name'>;
  rows: JobFigureRow[];
}

export function getJobFigures(query: { org_id?: string; from?: string; to?: string }): Promise<JobFigures> {
  return get<JobFigures>('/job-figures', { query });
}
