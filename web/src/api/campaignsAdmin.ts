// Campaigns for administrators: the list, creating a draft lottery or claim, publishing,
// cancelling, drawing a lottery, and where its public audit bundle is.
import { get, post } from './client';

export type CampaignKind = 'lottery' | 'claim' | 'booking' | 'distribution';
export type CampaignStatus = 'draft' | 'published' | 'open' | 'closed' | 'drawn' | 'finished' | 'cancelled';

export interface CampaignPrize {
  id: string;
  tier: number;
  name: string;
  quantity: number;
  remaining: number;
  value_fen: number;
  merchant_id: string | null;
  product_id: string | null;
}

export interface CampaignSlot {
  id: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: number;
  remaining: number;
}

export interface Campaign {
  id: string;
  org_id: string;
  kind: CampaignKind;
  status: CampaignStatus;
  title: string;
  description: string;
  brand: string;
  tags: string[];
  // Uploaded photos (POST /photos), shown to members.
  photo_ids: string[];
  base_org_ids: string[];
  opens_at: string;
  closes_at: string;
  points_cost: number;
  per_member_limit: number;
  one_prize_per_member: boolean;
  voucher_valid_days: number;
  beacon_source: string;
  beacon_value: string;
  // hex SHA-256 of the draw secret, published when the campaign is.
  commitment: string | null;
  prizes: CampaignPrize[];
  slots: CampaignSlot[];
  cancel_before_minutes: number;
  entries: number;
  tickets: number;
  created_at: string | null;
  published_at: string | null;
  drawn_at: string | null;
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
