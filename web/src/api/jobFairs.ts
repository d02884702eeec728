// 招聘会: job fairs with their employers and jobs, a member's pre-registration (a booking of the
// fair's campaign slot, whose voucher is the admission ticket), and the console's fairs and
// door check-in by the ticket's QR token or code.
import { get, post, put, remove } from './client';
import type { Sent } from './wire';

export type JobCard = Sent<'JobCard'>;
// upcoming: before the fair (registration open from registration_opens_at); open: under way.
export type JobFairStatus = 'upcoming' | 'open' | 'finished' | 'cancelled';
export type TicketStatus = 'issued' | 'redeemed' | 'void' | 'expired';

// The member's registration: the ticket is a voucher (its code, and the token its QR carries).
export interface JobFairRegistration {
  entry_id: string;
  voucher_id: string;
  code: string;
  token: string;
  status: TicketStatus;
}

export interface JobFairEmployer {
  id: string;
  name: string;
  jobs: JobCard[];
}

export interface JobFair {
  id: string;
  org_id: string;
  org_name: string;
  campaign_id: string;
  title: string;
  description: string;
  place: string;
  lat: number;
  lng: number;
  starts_at: string;
  ends_at: string;
  registration_opens_at: string;
  capacity: number;
  registered: number;
  // Admins only; 0 for others.
  checked_in: number;
  status: JobFairStatus;
  // Left out of lists.
  employers?: JobFairEmployer[];
  my_registration?: JobFairRegistration | null;
}

export interface JobFairInput {
  org_id?: string;
  title: string;
  description?: string;
  place: string;
  lat: number;
  lng: number;
  starts_at: string;
  ends_at: string;
  registration_opens_at?: string;
  capacity: number;
  employer_ids: string[];
}

// What the door check-in answers: whom the ticket is for (masked) and when.
export interface CheckedInTicket {
  voucher_id: string;
  member_name: string;
  redeemed_at: string;
}

export type TicketProof = { code: string } | { token: string };

const fair = (id: string) => `/job-fairs/${encodeURIComponent(id)}`;

// Soonest first; `includePast` adds finished and cancelled fairs.
export async function listJobFairs(includePast = false): Promise<JobFair[]> {
  return (await get<{ items: JobFair[] }>('/job-fairs', { query: { include_past: includePast || undefined } })).items;
}

export function getJobFair(id: string): Promise<JobFair> {
  return get<JobFair>(fair(id));
}

export function registerForJobFair(id: string, idempotencyKey: string): Promise<JobFair> {
  return post<JobFair>(`${fair(id)}/registration`, undefined, { idempotencyKey });
}

export function cancelJobFairRegistration(id: string): Promise<JobFair> {
  return remove<JobFair>(`${fair(id)}/registration`);
}

export function createJobFair(input: JobFairInput, idempotencyKey: string): Promise<JobFair> {
  return post<JobFair>('/job-fairs', input, { idempotencyKey });
}

export function cancelJobFair(id: string): Promise<JobFair> {
  return post<JobFair>(`${fair(id)}/cancel`);
}

// Not repeated when the answer is lost: a repeat after a check-in that went through would be
// refused as already checked in.
export function checkInTicket(id: string, proof: TicketProof): Promise<CheckedInTicket> {
  return post<CheckedInTicket>(`${fair(id)}/check-in`, proof, { retry: false });
}

// Edit a fair that is neither cancelled nor over: its times stay as they are.
export function updateJobFair(
  id: string,
  input: Omit<JobFairInput, 'org_id' | 'starts_at' | 'ends_at' | 'registration_opens_at'>,
): Promise<JobFair> {
  return put<JobFair>(fair(id), input);
}
