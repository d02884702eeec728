// Campaigns as members take part in them: lotteries (抽奖), claims (限量领取), orchard
// bookings (预约), their own entries and vouchers, and the public audit bundle of a draw.
import { apiBase, get, newIdempotencyKey, post } from './client';

export type CampaignKind = 'lottery' | 'claim' | 'booking' | 'distribution';
export type CampaignStatus = 'draft' | 'published' | 'open' | 'closed' | 'drawn' | 'finished' | 'cancelled';

export interface Prize {
  id: string;
  // 1 is the first prize.
  tier: number;
  name: string;
  quantity: number;
  remaining: number;
  value_fen: number;
  merchant_id: string | null;
  product_id: string | null;
}

// A booking's time slot.
export interface Slot {
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
  // e.g. 连工助农
  brand: string;
  tags: string[];
  photo_ids: string[];
  opens_at: string;
  closes_at: string;
  // Points per ticket (lottery) or per claim or booking; 0 is free.
  points_cost: number;
  // Tickets (lottery) or entries a member may have in all.
  per_member_limit: number;
  one_prize_per_member: boolean;
  voucher_valid_days: number;
  // The public randomness named before entries closed, and its value entered at the draw.
  beacon_source: string;
  beacon_value: string;
  // hex SHA-256 of the draw secret, published before the first entry.
  commitment: string;
  prizes: Prize[];
  slots: Slot[];
  cancel_before_minutes: number;
  entries: number;
  tickets: number;
  created_at: string;
  published_at: string | null;
  drawn_at: string | null;
}

export type VoucherStatus = 'issued' | 'redeemed' | 'expired' | 'void';

export interface Voucher {
  id: string;
  // Short code merchant staff can type.
  code: string;
  // Signed token the QR code carries.
  token: string;
  campaign_id: string;
  campaign_title: string;
  prize_id: string;
  prize_name: string;
  tier: number;
  merchant_id: string;
  status: VoucherStatus;
  expires_at: string;
  redeemed_at: string | null;
  redeemed_by: string | null;
  created_at: string;
}

// One entry of the member: lottery tickets, a claim or a booking.
export interface Entry {
  id: string;
  campaign_id: string;
  // The member's pseudonym in this campaign's audit bundle.
  member_ref: string;
  tickets: number;
  points: number;
  refunded: boolean;
  slot_id: string | null;
  cancelled_at: string | null;
  created_at: string;
  // What the entry won or claimed, once there is something.
  voucher: Voucher | null;
}

export interface CampaignPage {
  items: Campaign[];
  next_cursor: string | null;
}

// What to enter: tickets of a lottery, a claim, or a booking's slot.
export type EntryRequest = { tickets: number } | { slot_id: string } | Record<string, never>;

// The published campaigns the member may enter, newest first.
export function listCampaigns(page: { limit: number; cursor?: string }): Promise<CampaignPage> {
  return get<CampaignPage>('/campaigns', { query: { limit: page.limit, cursor: page.cursor } });
}

export function getCampaign(id: string): Promise<Campaign> {
  return get<Campaign>(`/campaigns/${encodeURIComponent(id)}`);
}

export async function listOwnEntries(campaignId: string): Promise<Entry[]> {
  return (await get<{ items: Entry[] }>(`/campaigns/${encodeURIComponent(campaignId)}/my-entries`)).items;
}

// Enters (costs points_cost per ticket). A fresh key per tap; a retry of the same tap
// (same key and body) returns the first answer and takes nothing twice.
export function enterCampaign(campaignId: string, body: EntryRequest, idempotencyKey: string = newIdempotencyKey()): Promise<Entry> {
  return post<Entry>(`/campaigns/${encodeURIComponent(campaignId)}/entries`, body, { idempotencyKey });
}

// Cancels a booking before its cut-off; the points come back once.
export function cancelEntry(campaignId: string, entryId: string, idempotencyKey: string = newIdempotencyKey()): Promise<Entry> {
  return post<Entry>(
    `/campaigns/${encodeURIComponent(campaignId)}/entries/${encodeURIComponent(entryId)}/cancel`,
    undefined,
    { idempotencyKey },
  );
}

// Newest first.
export async function listOwnVouchers(): Promise<Voucher[]> {
  return (await get<{ items: Voucher[] }>('/me/vouchers')).items;
}

// The voucher's QR code (SVG; only its owner may fetch it).
export function voucherQrUrl(id: string): string {
  return `${apiBase}/vouchers/${encodeURIComponent(id)}/qr.svg`;
}

// The public audit bundle of a drawn lottery (JSON).
export function auditBundleUrl(campaignId: string): string {
  return `${apiBase}/campaigns/${encodeURIComponent(campaignId)}/audit`;
}

// The public page that recomputes a draw from its audit bundle.
export function verifyPageUrl(campaignId: string): string {
  return `/verify/?campaign=${encodeURIComponent(campaignId)}`;
}
