// Points for administrators: a union's totals and policies (grant budget, check-in ceiling and points),
// grants with their progress, and a member's ledger with reversals.
import { get, post, put } from './client';

export type TransferKind = 'grant' | 'checkin' | 'spend' | 'refund' | 'reversal' | 'expiry';

// A points transfer as the member sees it: `amount` is negative when points left the account.
export interface PointsTransfer {
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

export interface MemberTransferPage {
  balance: number;
  items: PointsTransfer[];
  next_cursor: string | null;
}

export type GrantStatus = 'running' | 'done';

export interface PointsGrant {
  id: string;
  // The granting union, whose issuance account pays.
  org_id: string;
  // The union whose whole subtree is granted to, or null for a list of members.
  target_org_id: string | null;
  amount: number;
  reason: string;
  status: GrantStatus;
  recipients: number;
  granted: number;
  // Recipients passed over (frozen or gone since the grant began).
  skipped: number;
  points_granted: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface GrantPage {
  items: PointsGrant[];
  next_cursor: string | null;
}

// Exactly one of org_id (every active member under that union) and member_ids.
export interface NewGrant {
  org_id?: string;
  member_ids?: string[];
  // The paying union; the caller's own union when absent.
  from_org_id?: string;
  amount: number;
  reason: string;
}

export interface PointsSummary {
  org_id: string;
  issued: number;
  spent: number;
  expired: number;
  held: number;
  member_accounts: number;
  // The union's own grant budget, or null for none.
  budget: number | null;
  budget_used: number;
  // The union's own check-in points: 0 disables, null inherits from the union above.
  checkin_points: number | null;
  // The ceiling on check-in points that the union above set for this union, or null for none of its own.
  checkin_ceiling: number | null;
  // The most check-in points this union's own org admins may set: the lowest ceiling on its
  // path, 100 when none is set (the platform admin is not bound by it).
  checkin_max: number;
}

export function getPointsSummary(orgId: string): Promise<PointsSummary> {
  return get<PointsSummary>(`/orgs/${encodeURIComponent(orgId)}/points/summary`);
}

// Sets a sub-union's grant budget, or removes it with null.
export function setPointsBudget(orgId: string, budget: number | null): Promise<PointsSummary> {
  return put<PointsSummary>(`/orgs/${encodeURIComponent(orgId)}/points/budget`, { budget });
}

// Sets a sub-union's check-in ceiling, or removes it with null.
export function setCheckinCeiling(orgId: string, ceiling: number | null): Promise<PointsSummary> {
  return put<PointsSummary>(`/orgs/${encodeURIComponent(orgId)}/points/checkin-ceiling`, { ceiling });
}

// Sets the check-in points for members under a union: 0 disables, null inherits.
export function setCheckinPoints(orgId: string, points: number | null): Promise<PointsSummary> {
  return put<PointsSummary>(`/orgs/${encodeURIComponent(orgId)}/points/checkin`, { points });
}

// Starts (or, with the same key, resumes) a grant. The answer is the grant done, or still
// running in the background: then poll `getGrant` for its progress.
export function startGrant(input: NewGrant, idempotencyKey: string): Promise<PointsGrant> {
  return post<PointsGrant>('/points/grants', input, { idempotencyKey });
}

export function getGrant(id: string): Promise<PointsGrant> {
  return get<PointsGrant>(`/points/grants/${encodeURIComponent(id)}`);
}

export function listGrants(page: { limit: number; cursor?: string; orgId?: string }): Promise<GrantPage> {
  return get<GrantPage>('/points/grants', { query: { limit: page.limit, cursor: page.cursor, org_id: page.orgId } });
}

// A member's balance and transfers, newest first.
export function listMemberTransfers(memberId: string, page: { limit: number; cursor?: string }): Promise<MemberTransferPage> {
  return get<MemberTransferPage>(`/members/${encodeURIComponent(memberId)}/points/transfers`, {
    query: { limit: page.limit, cursor: page.cursor },
  });
}

// Undoes a transfer with a reversing transfer (once); answers the reversal.
export function reverseTransfer(id: string, memo: string, idempotencyKey: string): Promise<PointsTransfer> {
  return post<PointsTransfer>(`/points/transfers/${encodeURIComponent(id)}/reverse`, { memo }, { idempotencyKey });
}
