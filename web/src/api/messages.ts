// Messages (消息): the member's own messages, their unread count and reading; 开始提醒 on a
// campaign; for administrators, notices to every member of a union's subtree with their reach
// and read counts. Wire types Message and Notice come from openapi.yaml.
import { get, post, put, remove } from './client';
import type { RequestBody, Sent } from './wire';

// One thing a member is told; `link` is a path of the member app ('' for none).
export type Message = Sent<'Message'>;
export type Notice = Sent<'Notice'>;
export type NewNotice = RequestBody<'/api/v1/notices', 'post'>;

export interface MessagePage {
  items: Message[];
  next_cursor: string | null;
}

export interface NoticePage {
  items: Notice[];
  next_cursor: string | null;
}

// Newest first; only unread ones with `unread`.
export function listOwnMessages(page: { limit: number; cursor?: string; unread?: boolean }): Promise<MessagePage> {
  return get<MessagePage>('/me/messages', { query: { limit: page.limit, cursor: page.cursor, unread: page.unread ? 'true' : undefined } });
}

export async function getUnreadCount(): Promise<number> {
  return (await get<{ unread: number }>('/me/messages/unread-count')).unread;
}

export function markMessageRead(id: string): Promise<Message> {
  return post<Message>(`/me/messages/${encodeURIComponent(id)}/read`);
}

export function markAllMessagesRead(): Promise<{ marked: number }> {
  return post<{ marked: number }>('/me/messages/read-all');
}

function reminderPath(campaignId: string): string {
  return `/campaigns/${encodeURIComponent(campaignId)}/reminder`;
}

export async function getCampaignReminder(campaignId: string): Promise<boolean> {
  return (await get<{ reminded: boolean }>(reminderPath(campaignId))).reminded;
}

// Asks (true) or stops asking (false) to be told when the campaign opens.
export async function setCampaignReminder(campaignId: string, on: boolean): Promise<boolean> {
  const answer = on
    ? await put<{ reminded: boolean }>(reminderPath(campaignId))
    : await remove<{ reminded: boolean }>(reminderPath(campaignId));
  return answer.reminded;
}

export async function previewNotice(input: NewNotice): Promise<number> {
  return (await post<{ recipients: number }>('/notices/preview', input)).recipients;
}

// Sends (or, with the same key, resumes) a notice; it may still be on its way ('running').
export function sendNotice(input: NewNotice, idempotencyKey: string): Promise<Notice> {
  return post<Notice>('/notices', input, { idempotencyKey });
}

export function listNotices(page: { limit: number; cursor?: string }): Promise<NoticePage> {
  return get<NoticePage>('/notices', { query: { limit: page.limit, cursor: page.cursor } });
}
