// Campaigns for administrators: the list, creating a draft lottery or claim, publishing,
// cancelling, drawing a lottery, and where its public audit bundle is.
import { get, post } from './client';

import type { Campaign as MemberCampaign, CampaignKind, CampaignStatus, Prize, Slot } from './campaigns';

// The member module's shapes; administrators see the same campaign plus the base unions it is
// narrowed to, and a draft has no commitment or creation time yet.
export type { CampaignKind, CampaignStatus };
export type CampaignPrize = Prize;
export type CampaignSlot = Slot;

export interface Campaign extends Omit<MemberCampaign, 'commitment' | 'created_at'> {
  base_org_ids: string[];
  commitment: string | null;
  created_at: string | null;
}

export interface CampaignPage {
  items: Campaign[];
  next_cursor: string | null;
}

export interface NewPrize {
  tier?: number;
  name: string;
  quantity: number;
  value_fen?: number;
  // Where the prize's voucher is redeemed.
  merchant_id?: string;
}

export interface NewCampaign {
  kind: 'lottery' | 'claim';
  org_id?: string;
  title: string;
  description?: string;
  brand?: string;
  tags?: string[];
  photo_ids?: string[];
  opens_at: string;
  closes_at: string;
  points_cost?: number;
  per_member_limit?: number;
  one_prize_per_member?: boolean;
  voucher_valid_days?: number;
  // A public randomness source that will exist only after entries close (lotteries).
  beacon_source?: string;
  prizes: NewPrize[];
}

export function listCampaigns(page: { limit: number; cursor?: string }): Promise<CampaignPage> {
  return get<CampaignPage>('/campaigns', { query: { limit: page.limit, cursor: page.cursor } });
}

export function getCampaign(id: string): Promise<Campaign> {
  return get<Campaign>(`/campaigns/${encodeURIComponent(id)}`);
}

export function createCampaign(input: NewCampaign, idempotencyKey: string): Promise<Campaign> {
  return post<Campaign>('/campaigns', input, { idempotencyKey });
}

// Publishes a draft: the server commits to its draw secret.
export function publishCampaign(id: string, idempotencyKey: string): Promise<Campaign> {
  return post<Campaign>(`/campaigns/${encodeURIComponent(id)}/publish`, undefined, { idempotencyKey });
}

// Cancels a campaign (not after its draw), refunding every points entry once.
export function cancelCampaign(id: string, idempotencyKey: string): Promise<Campaign & { refunded_entries: number }> {
  return post<Campaign & { refunded_entries: number }>(`/campaigns/${encodeURIComponent(id)}/cancel`, undefined, { idempotencyKey });
}

// Draws a closed lottery with the value of its named public randomness source (or '').
export function drawCampaign(id: string, beaconValue: string, idempotencyKey: string): Promise<Campaign> {
  return post<Campaign>(`/campaigns/${encodeURIComponent(id)}/draw`, { beacon_value: beaconValue }, { idempotencyKey });
}

// The public audit bundle of a drawn lottery (JSON, no sign-in).
export function auditBundleUrl(id: string): string {
  return `/api/v1/campaigns/${encodeURIComponent(id)}/audit`;
}

// The public page that recomputes the draw from its audit bundle.
export function verifyPageUrl(id: string): string {
  return `/verify/?campaign=${encodeURIComponent(id)}`;
}
