// 我的: favourite merchants, the member's entries across campaigns, feedback to the union
// (and, for admins, answering it) and the union's service hotline. Wire types from openapi.yaml.
import { get, post, put, remove } from './client';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type Favourite = Sent<'Favourite'>;
export type MyEntry = Sent<'MyEntry'>;
export type EntryState = MyEntry['state'];
export type Feedback = Sent<'Feedback'>;
export type FeedbackForAdmin = Feedback & Required<Pick<Sent<'FeedbackForAdmin'>, 'member_name' | 'member_phone' | 'answered_by_name'>>;
export type FeedbackStatus = Feedback['status'];

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export async function listFavourites(): Promise<Favourite[]> {
  return (await get<{ items: Favourite[] }>('/me/favourites')).items;
}

export async function isFavourite(merchantId: string): Promise<boolean> {
  return (await get<{ favourite: boolean }>(`/me/favourites/${encodeURIComponent(merchantId)}`)).favourite;
}

// Marking and unmarking are safe to repeat.
export async function setFavourite(merchantId: string, favourite: boolean): Promise<void> {
  const path = `/me/favourites/${encodeURIComponent(merchantId)}`;
  await (favourite ? post(path, {}) : remove(path));
}

export function listMyEntries(query: QueryParameters<'/api/v1/me/entries'> = {}): Promise<Page<MyEntry>> {
  return get<Page<MyEntry>>('/me/entries', { query });
}

export async function listMyFeedback(): Promise<Feedback[]> {
  return (await get<{ items: Feedback[] }>('/me/feedback')).items;
}

export function sendFeedback(body: RequestBody<'/api/v1/me/feedback', 'post'>): Promise<Feedback> {
  return post<Feedback>('/me/feedback', body);
}

export function listFeedback(query: QueryParameters<'/api/v1/feedback'> = {}): Promise<Page<FeedbackForAdmin>> {
  return get<Page<FeedbackForAdmin>>('/feedback', { query });
}

export function answerFeedback(id: string, body: RequestBody<'/api/v1/feedback/{id}/answer', 'post'>): Promise<FeedbackForAdmin> {
  return post<FeedbackForAdmin>(`/feedback/${encodeURIComponent(id)}/answer`, body);
}

export async function getHotline(): Promise<string> {
  return (await get<{ hotline: string }>('/settings/hotline')).hotline;
}

export async function setHotline(hotline: string): Promise<string> {
  return (await put<{ hotline: string }>('/settings/hotline', { hotline } satisfies RequestBody<'/api/v1/settings/hotline', 'put'>))
    .hotline;
}
