// 就业服务 as the consoles see it: an employer's application form (public), the employer
// console's jobs and applications (employer_staff), and the admins' review of employers, jobs
// and 入会申请 with their figures. Wire types come from openapi.yaml (schema.d.ts).
import type { IssuedLink } from './access';
import { get, post, put } from './client';
import type { Sent } from './wire';

export type Employer = Sent<'Employer'>;
export type EmployerStatus = Sent<'Employer'>['status'];
export type EmployerApplicationInput = Sent<'EmployerApplicationInput'>;
export type JobKind = Sent<'JobCard'>['kind'];
export type PayUnit = Sent<'JobCard'>['pay_unit'];
export type JobStatus = Sent<'JobCard'>['status'];
export type JobInput = Sent<'JobInput'>;
export type JobCard = Sent<'JobCard'>;
export type JobPosting = Sent<'JobPosting'>;
export type JobStep = JobPosting['steps'][number];
export type JobApplicationStatus = Sent<'JobApplication'>['status'];
export type JobApplication = Sent<'JobApplication'>;
export type JoiningApplication = Sent<'JoiningApplication'>;
export type JoiningStatus = JoiningApplication['status'];

export const jobKinds: readonly JobKind[] = ['full_time', 'part_time', 'seasonal', 'gig'];
export const payUnits: readonly PayUnit[] = ['month', 'day'];
export const jobStatuses: readonly JobStatus[] = ['draft', 'submitted', 'returned', 'published', 'expired', 'filled', 'taken_down'];
export const applicationStatuses: readonly JobApplicationStatus[] = ['submitted', 'viewed', 'interview', 'hired', 'rejected'];
export const employerStatuses: readonly EmployerStatus[] = ['pending', 'approved', 'rejected'];
export const joiningStatuses: readonly JoiningStatus[] = ['submitted', 'approved', 'rejected'];

// The steps an application may take from each state (the server checks them too).
export const applicationMoves: Record<JobApplicationStatus, JobApplicationStatus[]> = {
  submitted: ['viewed', 'interview', 'rejected'],
  viewed: ['interview', 'rejected'],
  interview: ['hired', 'rejected'],
  hired: [],
  rejected: [],
};

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// Up to this many rows on one console page.
const pageSize = 100;

// ---- The public application form.

export function applyAsEmployer(input: EmployerApplicationInput, idempotencyKey: string): Promise<Employer> {
  return post<Employer>('/employer-applications', input, { idempotencyKey });
}

// ---- The employer console.

export function getOwnEmployer(): Promise<Employer> {
  return get<Employer>('/me/employer');
}

export function listJobPostings(filter: { status?: JobStatus; employer_id?: string } = {}): Promise<Page<JobPosting>> {
  return get<Page<JobPosting>>('/job-postings', { query: { ...filter, limit: pageSize } });
}

export function getJobPosting(id: string): Promise<JobPosting> {
  return get<JobPosting>(`/job-postings/${encodeURIComponent(id)}`);
}

export function createJobPosting(input: JobInput, idempotencyKey: string): Promise<JobPosting> {
  return post<JobPosting>('/job-postings', input, { idempotencyKey });
}

export function updateJobPosting(id: string, input: JobInput): Promise<JobPosting> {
  return put<JobPosting>(`/job-postings/${encodeURIComponent(id)}`, input);
}

// A step of a job: submit, renew and fill by its staff; approve, return and take-down by admins.
export type JobAction = 'submit' | 'renew' | 'fill' | 'approve' | 'return' | 'take-down';

export function stepJobPosting(id: string, step: JobAction, body?: { reason?: string; valid_days?: number }): Promise<JobPosting> {
  return post<JobPosting>(`/job-postings/${encodeURIComponent(id)}/${step}`, body ?? {});
}

export function listJobApplications(filter: { job_id?: string; status?: JobApplicationStatus } = {}): Promise<Page<JobApplication>> {
  return get<Page<JobApplication>>('/job-applications', { query: { ...filter, limit: pageSize } });
}

export function getJobApplication(id: string): Promise<JobApplication> {
  return get<JobApplication>(`/job-applications/${encodeURIComponent(id)}`);
}

export function moveJobApplication(id: string, status: JobApplicationStatus, note?: string): Promise<JobApplication> {
  return post<JobApplication>(`/job-applications/${encodeURIComponent(id)}/move`, { status, ...(note ? { note } : {}) });
}

// ---- Admins: employers.

export function listEmployers(filter: { status?: EmployerStatus; q?: string } = {}): Promise<Page<Employer>> {
  return get<Page<Employer>>('/employers', { query: { ...filter, limit: pageSize } });
}

export function approveEmployer(id: string): Promise<Employer> {
  return post<Employer>(`/employers/${encodeURIComponent(id)}/approve`, {});
}

export function rejectEmployer(id: string, reason: string): Promise<Employer> {
  return post<Employer>(`/employers/${encodeURIComponent(id)}/reject`, { reason });
}

export function inviteEmployerStaff(id: string, phone: string, name?: string): Promise<{ employer_id: string; invitation: IssuedLink }> {
  return post(`/employers/${encodeURIComponent(id)}/staff`, { phone, ...(name ? { name } : {}) });
}

// ---- Admins: 入会申请.

export function listJoiningApplications(status?: JoiningStatus): Promise<Page<JoiningApplication>> {
  return get<Page<JoiningApplication>>('/joining-applications', { query: { status, limit: pageSize } });
}

export function approveJoining(id: string, idempotencyKey: string): Promise<JoiningApplication> {
  return post<JoiningApplication>(`/joining-applications/${encodeURIComponent(id)}/approve`, {}, { idempotencyKey });
}

export function rejectJoining(id: string, reason: string): Promise<JoiningApplication> {
  return post<JoiningApplication>(`/joining-applications/${encodeURIComponent(id)}/reject`, { reason });
}

// ---- Admins: figures.

export interface JobFigures {
  jobs: number;
  positions: number;
  applications: number;
  interviews: number;
  hires: number;
  new_members: number;
}

export interface JobFiguresReport {
  from: string;
  to: string;
  total: JobFigures;
  rows: (JobFigures & { org_id: string; org_name: string })[];
}

export interface JoiningFigures {
  from: string;
  to: string;
  applications: number;
  approvals: number;
  rejections: number;
  waiting: number;
  average_days_to_approve: number | null;
}

export function getJobFigures(query: { org_id?: string; from?: string; to?: string }): Promise<JobFiguresReport> {
  return get<JobFiguresReport>('/job-figures', { query });
}

export function getJoiningFigures(query: { from?: string; to?: string }): Promise<JoiningFigures> {
  return get<JoiningFigures>('/joining-figures', { query });
}
