// Campaigns (活动): lotteries (抽奖), claims (限量领取), orchard bookings (预约) and distributions;
// members enter them and see their own entries, administrators create, publish, cancel, draw
// and distribute (发放) them; a drawn lottery has a public audit bundle and a page that verifies it.
// Wire types: the request bodies come from openapi.yaml; a campaign and an entry are described
// there only in prose, so Campaign, Prize, Slot and Entry are written here.
import { apiBase, get, post } from './client';
import type { Voucher } from './vouchers';
import type { RequestBody } from './wire';

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
  // Where the produce comes from: the merchant's name, or a farm that is not signed ('' if
  // none is named); the produce and its kind (a purchase kind), from the product if there is one.
  supplier_name: string;
  produce_name: string;
  produce_kind: string;
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
  // hex SHA-256 of the draw secret, published before the first entry (null for a draft).
  commitment: string | null;
  // The base unions whose members may take part; empty for every member of the organiser's
  // subtree.
  base_org_ids: string[];
  prizes: Prize[];
  slots: Slot[];
  cancel_before_minutes: number;
  entries: number;
  tickets: number;
  created_at: string | null;
  published_at: string | null;
  drawn_at: string | null;
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

// A winner of a drawn lottery as everyone may read it: name and mobile number masked by the
// server (陈*梅, 139****0001).
export interface Winner {
  tier: number;
  prize_name: string;
  name: string;
  phone: string;
}

export interface CampaignPage {
  items: Campaign[];
  next_cursor: string | null;
}

// What to enter: tickets of a lottery, a claim, or a booking's slot (openapi.yaml's body has
// both fields optional; exactly one or none is meant).
export type EntryRequest = { tickets: number } | { slot_id: string } | Record<string, never>;

// openapi.yaml does not list the photos a campaign may name; the server takes them.
export type NewCampaign = RequestBody<'/api/v1/campaigns', 'post'> & { photo_ids?: string[] };
export type NewPrize = NewCampaign['prizes'][number];

// Newest first: for a member the published campaigns they may enter, for an administrator
// those of their subtree.
export function listCampaigns(page: { limit: number; cursor?: string }): Promise<CampaignPage> {
  return get<CampaignPage>('/campaigns', { query: { limit: page.limit, cursor: page.cursor } });
}

export function getCampaign(id: string): Promise<Campaign> {
  return get<Campaign>(`/campaigns/${encodeURIComponent(id)}`);
}

export async function listOwnEntries(campaignId: string): Promise<Entry[]> {
  return (await get<{ items: Entry[] }>(`/campaigns/${encodeURIComponent(campaignId)}/my-entries`)).items;
}

// Who won a drawn lottery, in the order drawn (404 before the draw).
export async function listWinners(campaignId: string): Promise<Winner[]> {
  return (await get<{ items: Winner[] }>(`/campaigns/${encodeURIComponent(campaignId)}/winners`)).items;
}

// Enters (costs points_cost per ticket). The key is the tap's (see ActionKey); a repeat of the
// same tap (same key and body) returns the first answer and takes nothing twice.
export function enterCampaign(campaignId: string, body: EntryRequest, idempotencyKey?: string): Promise<Entry> {
  return post<Entry>(`/campaigns/${encodeURIComponent(campaignId)}/entries`, body, { idempotencyKey });
}

// Cancels a booking before its cut-off; the points come back once.
export function cancelEntry(campaignId: string, entryId: string, idempotencyKey?: string): Promise<Entry> {
  return post<Entry>(`/campaigns/${encodeURIComponent(campaignId)}/entries/${encodeURIComponent(entryId)}/cancel`, undefined, {
    idempotencyKey,
  });
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

// Closes an open lottery's entries early, saying why; its draw then waits for the beacon.
export function closeCampaignEarly(id: string, reason: string, idempotencyKey: string): Promise<Campaign> {
  const body: RequestBody<'/api/v1/campaigns/{id}/close', 'post'> = { reason };
  return post<Campaign>(`/campaigns/${encodeURIComponent(id)}/close`, body, { idempotencyKey });
}

// Draws a closed lottery with the value of its named public randomness source (or '').
export function drawCampaign(id: string, beaconValue: string, idempotencyKey: string): Promise<Campaign> {
  const body: RequestBody<'/api/v1/campaigns/{id}/draw', 'post'> = { beacon_value: beaconValue };
  return post<Campaign>(`/campaigns/${encodeURIComponent(id)}/draw`, body, { idempotencyKey });
}

// A distribution's run: how many members it reaches (recipients, each once) and how many
// vouchers are issued so far; done when every recipient has theirs.
export interface Distribution {
  id: string;
  campaign_id: string;
  // The union whose subtree it went to; null for listed members.
  target_org_id: string | null;
  recipients: number;
  issued: number;
  done: boolean;
  created_at: string;
}

// Whom a distribution goes to: every active member of a union's subtree, or listed members
// (openapi.yaml has both fields optional; exactly one is meant).
export type DistributionTarget = { org_id: string } | { member_ids: string[] };

// Hands one voucher of a published distribution to each member of the target. Re-sending the
// same target with the same key finishes an interrupted run and never issues twice.
export function distributeCampaign(id: string, target: DistributionTarget, idempotencyKey: string): Promise<Distribution> {
  const body: RequestBody<'/api/v1/campaigns/{id}/distribute', 'post'> = target;
  return post<Distribution>(`/campaigns/${encodeURIComponent(id)}/distribute`, body, { idempotencyKey });
}

// The public audit bundle of a drawn lottery (JSON, no sign-in).
export function auditBundleUrl(campaignId: string): string {
  return `${apiBase}/campaigns/${encodeURIComponent(campaignId)}/audit`;
}

// The public page that recomputes a draw from its audit bundle.
export function verifyPageUrl(campaignId: string): string {
  return `/verify/?campaign=${encodeURIComponent(campaignId)}`;
}
