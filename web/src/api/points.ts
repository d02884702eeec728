// Points (积分): the member's own balance, history and daily check-in (签到); for administrators,
// a union's totals and policies (grant budget, check-in ceiling and points), grants with their
// progress, and a member's ledger with reversals.
// Wire types: Transfer, PointsGrant, PointsSummary and the request bodies come from
// openapi.yaml; the answers it describes only in prose (the member's own points, a check-in,
// the pages of transfers) are written here.
import { get, post, put } from './client';
import type { QueryParameters, RequestBody, Sent } from './wire';

// One change of a member's balance; `amount` is signed (a spend is negative).
export type Transfer = Sent<'Transfer'>;
export type TransferKind = Transfer['kind'];

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

export interface MemberTransferPage extends TransferPage {
  balance: number;
}

// A grant by a union (`org_id`, whose issuance account pays) to the whole subtree of
// `target_org_id`, or to a list of members when that is null. `skipped` counts recipients
// passed over (frozen or gone since the grant began).
export type PointsGrant = Sent<'Grant'>;
export type GrantStatus = PointsGrant['status'];

export interface GrantPage {
  items: PointsGrant[];
  next_cursor: string | null;
}

// Exactly one of org_id (every active member under that union) and member_ids; from_org_id is
// the paying union, the caller's own union when absent.
export type NewGrant = RequestBody<'/api/v1/points/grants', 'post'>;

// A union's points: `budget` is its own grant budget (null for none); `checkin_points` its own
// check-in points (0 disables, null inherits from the union above); `checkin_ceiling` the
// ceiling the union above set for it (null for none of its own); `checkin_max` the most its own
// org admins may set: the lowest ceiling on its path, 100 when none is set (the platform admin
// is not bound by it).
export type PointsSummary = Sent<'PointsSummary'>;

export function getOwnPoints(): Promise<OwnPoints> {
  return get<OwnPoints>('/me/points');
}

// Newest first.
export function listOwnTransfers(page: { limit: number; cursor?: string }): Promise<TransferPage> {
  return get<TransferPage>('/me/points/transfers', { query: { limit: page.limit, cursor: page.cursor } });
}

// Once per day; a second one is 409 already_checked_in.
export function checkIn(idempotencyKey?: string): Promise<CheckedIn> {
  return post<CheckedIn>('/me/checkin', undefined, { idempotencyKey });
}

function policyPath(orgId: string, policy: 'summary' | 'budget' | 'checkin-ceiling' | 'checkin'): string {
  return `/orgs/${encodeURIComponent(orgId)}/points/${policy}`;
}

export function getPointsSummary(orgId: string): Promise<PointsSummary> {
  return get<PointsSummary>(policyPath(orgId, 'summary'));
}

// Sets a sub-union's grant budget, or removes it with null.
export function setPointsBudget(orgId: string, budget: number | null): Promise<PointsSummary> {
  return put<PointsSummary>(policyPath(orgId, 'budget'), { budget } satisfies RequestBody<'/api/v1/orgs/{id}/points/budget', 'put'>);
}

// Sets a sub-union's check-in ceiling, or removes it with null.
export function setCheckinCeiling(orgId: string, ceiling: number | null): Promise<PointsSummary> {
  return put<PointsSummary>(policyPath(orgId, 'checkin-ceiling'), {
    ceiling,
  } satisfies RequestBody<'/api/v1/orgs/{id}/points/checkin-ceiling', 'put'>);
}

// Sets the check-in points for members under a union: 0 disables, null inherits.
export function setCheckinPoints(orgId: string, points: number | null): Promise<PointsSummary> {
  return put<PointsSummary>(policyPath(orgId, 'checkin'), { points } satisfies RequestBody<'/api/v1/orgs/{id}/points/checkin', 'put'>);
}

// Starts (or, with the same key, resumes) a grant. The answer is the grant done, or still
// running in the background: then poll `getGrant` for its progress.
// What a grant would do, checked as the grant itself would be (the same errors) and written
// nowhere: how many members it reaches, the points in all and the budget left after it (null
// when no budget binds).
export type GrantPreview = Sent<'GrantPreview'>;

export function previewGrant(input: NewGrant): Promise<GrantPreview> {
  return post<GrantPreview>('/points/grants/preview', input);
}

export function startGrant(input: NewGrant, idempotencyKey: string): Promise<PointsGrant> {
  return post<PointsGrant>('/points/grants', input, { idempotencyKey });
}

export function getGrant(id: string): Promise<PointsGrant> {
  return get<PointsGrant>(`/points/grants/${encodeURIComponent(id)}`);
}

export function listGrants(page: { limit: number; cursor?: string; orgId?: string }): Promise<GrantPage> {
  const query: QueryParameters<'/api/v1/points/grants'> = { limit: page.limit, cursor: page.cursor, org_id: page.orgId };
  return get<GrantPage>('/points/grants', { query });
}

// A member's balance and transfers, newest first.
export function listMemberTransfers(memberId: string, page: { limit: number; cursor?: string }): Promise<MemberTransferPage> {
  return get<MemberTransferPage>(`/members/${encodeURIComponent(memberId)}/points/transfers`, {
    query: { limit: page.limit, cursor: page.cursor },
  });
}

// Undoes a transfer with a reversing transfer (once); answers the reversal.
export function reverseTransfer(id: string, memo: string, idempotencyKey: string): Promise<Transfer> {
  return post<Transfer>(
    `/points/transfers/${encodeURIComponent(id)}/reverse`,
    { memo } satisfies RequestBody<'/api/v1/points/transfers/{id}/reverse', 'post'>,
    { idempotencyKey },
  );
}
