// The member's own points: balance and check-in state, history, the daily check-in (签到).
import { get, newIdempotencyKey, post } from './client';

export type TransferKind = 'grant' | 'checkin' | 'spend' | 'refund' | 'reversal' | 'expiry';

// One change of the member's balance; `amount` is signed (a spend is negative).
export interface Transfer {
  id: string;
  kind: TransferKind;
  amount: number;
  member_id: string;
  org_id: string;
  reference: string;
  memo: string;
  reverses_id: string | null;
  reversed_by: string | null;
  created_at: string;
}

export interface OwnPoints {
  member_id: string;
  balance: number;
  // Points a check-in gives today (0 when the union gives none).
  checkin_points: number;
  checked_in_today: boolean;
}

export interface TransferPage {
  items: Transfer[];
  next_cursor: string | null;
}

export interface CheckedIn {
  points: number;
  balance: number;
  // The Asia/Shanghai day checked in, e.g. 2026-05-01.
  day: string;
  transfer: Transfer;
}

export function getOwnPoints(): Promise<OwnPoints> {
  return get<OwnPoints>('/me/points');
}

// Newest first.
export function listOwnTransfers(page: { limit: number; cursor?: string }): Promise<TransferPage> {
  return get<TransferPage>('/me/points/transfers', { query: { limit: page.limit, cursor: page.cursor } });
}

// Once per day; a second one is 409 already_checked_in.
export function checkIn(idempotencyKey: string = newIdempotencyKey()): Promise<CheckedIn> {
  return post<CheckedIn>('/me/checkin', undefined, { idempotencyKey });
}
