// The admin console's overview: what waits for the admin in their subtree (pending merchant
// applications, contracts ending soon, today's redemptions, campaigns closing soon, the points
// budget), each as a count with its first few items.
// Wire types: from openapi.yaml.
import { get } from './client';
import type { Sent } from './wire';

// One thing waiting: `name` is the merchant, the prize or the campaign; `detail` the merchant
// of a redemption or the kind of a campaign; `at` when it applied, ends, was redeemed or closes.
export type OverviewItem = Sent<'OverviewItem'>;

// How many wait, and the first five of them.
export interface OverviewList {
  count: number;
  items: OverviewItem[];
}

type Lists = 'pending_applications' | 'expiring_contracts' | 'redemptions_today' | 'closing_campaigns';

// `points_budget.budget` is null when the admin's union has no budget of its own.
export type Overview = Omit<Sent<'Overview'>, Lists | 'points_budget'> &
  Record<Lists, OverviewList> & { points_budget: Required<Sent<'Overview'>['points_budget']> };

export function getOverview(): Promise<Overview> {
  return get<Overview>('/overview');
}
