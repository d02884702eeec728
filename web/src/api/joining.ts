// 入会申请: joining a base union online (the applicant's side and the reviewing admins'), with
// its figures. The ID number is only ever sent in, and shown back masked.
import { get, post } from './client';
import type { RequestBody, Sent } from './wire';

export type JoiningApplication = Sent<'JoiningApplication'> & { status: JoiningStatus };
export type JoiningStatus = 'submitted' | 'approved' | 'rejected';
export type JoiningInput = RequestBody<'/api/v1/me/joining-application', 'post'>;

export interface JoiningUnion {
  id: string;
  name: string;
  path_names: string[];
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

export const joiningStatuses: JoiningStatus[] = ['submitted', 'approved', 'rejected'];

export function searchJoiningUnions(q: string): Promise<{ items: JoiningUnion[] }> {
  return get<{ items: JoiningUnion[] }>('/joining-unions', { query: { q: q || undefined, limit: 20 } });
}

export function getMyJoining(): Promise<JoiningApplication> {
  return get<JoiningApplication>('/me/joining-application');
}

export function applyToJoin(input: JoiningInput, idempotencyKey?: string): Promise<JoiningApplication> {
  return post<JoiningApplication>('/me/joining-application', input, { idempotencyKey, retry: false });
}

export function listJoining(status: JoiningStatus, cursor?: string): Promise<{ items: JoiningApplication[]; next_cursor: string | null }> {
  return get<{ items: JoiningApplication[]; next_cursor: string | null }>('/joining-applications', {
    query: { status, cursor, limit: 50 },
  });
}

export function approveJoining(id: string): Promise<JoiningApplication> {
  return post<JoiningApplication>(`/joining-applications/${encodeURIComponent(id)}/approve`);
}

export function rejectJoining(id: string, reason: string): Promise<JoiningApplication> {
  return post<JoiningApplication>(`/joining-applications/${encodeURIComponent(id)}/reject`, { reason });
}

export function getJoiningFigures(query: { from?: string; to?: string }): Promise<JoiningFigures> {
  return get<JoiningFigures>('/joining-figures', { query });
}
