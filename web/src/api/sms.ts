// The platform's SMS settings and the demo outbox (`/sms/*`).
import { get, put } from './client';
import type { RequestBody, Sent } from './wire';

export type SmsSettings = Sent<'SmsSettings'>;
export type SmsText = Sent<'SmsText'>;
type KindChoices = RequestBody<'/api/v1/sms/settings', 'put'>;

export function getSmsSettings(): Promise<SmsSettings> {
  return get<SmsSettings>('/sms/settings');
}

// Stores whether each named kind also goes by text; the others keep theirs.
export function setSmsKinds(kinds: Record<string, boolean>): Promise<SmsSettings> {
  return put<SmsSettings>('/sms/settings', { kinds } satisfies KindChoices);
}

// The texts the log provider kept (demo databases only), newest first.
export function listSmsOutbox(phone = ''): Promise<{ kept: boolean; items: SmsText[] }> {
  return get<{ kept: boolean; items: SmsText[] }>('/sms/outbox', { query: { phone: phone || undefined, limit: 100 } });
}
