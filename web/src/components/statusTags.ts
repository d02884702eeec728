// The kinds of status StatusTag shows: each status's colour, where its words are, and the
// data-testid of the tag (`<StatusTag :status="…" v-bind="memberStatusTag" />`).
import type { MemberStatus } from '@/api/members';
import type { MerchantStatus } from '@/api/merchants';
import type { ReviewStatus } from '@/api/review';

export type StatusTagType = 'success' | 'warning' | 'danger' | 'info';

interface StatusTagKind<Status extends string> {
  types: Record<Status, StatusTagType>;
  labelKey: string;
  testid: string;
}

export const memberStatusTag: StatusTagKind<MemberStatus> = {
  types: { active: 'success', frozen: 'warning', left: 'info' },
  labelKey: 'members.statuses',
  testid: 'member-status',
};

export const merchantStatusTag: StatusTagKind<MerchantStatus> = {
  types: { signed: 'success', suspended: 'danger', expired: 'info' },
  labelKey: 'consoleMerchants.statuses',
  testid: 'merchant-status',
};

export const historyBatchStatusTag: StatusTagKind<'live' | 'undone'> = {
  types: { live: 'success', undone: 'info' },
  labelKey: 'history.statuses',
  testid: 'history-batch-status',
};

// Articles and model-worker profiles.
export const reviewStatusTag: StatusTagKind<ReviewStatus> = {
  types: { draft: 'info', submitted: 'warning', approved: 'warning', scheduled: 'success', published: 'success', withdrawn: 'danger' },
  labelKey: 'review.statuses',
  testid: 'review-status',
};
