// Vouchers (券): the member's own with their QR codes, and redemption (核销) by merchant staff.
// Wire types: the redemption request body comes from openapi.yaml; vouchers themselves are
// described there only in prose, so Voucher and RedeemedVoucher are written here.
import { ApiError, apiBase, get, post } from './client';
import type { RequestBody } from './wire';

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
  // The booked time slot of a booking's voucher; null for other vouchers.
  slot: VoucherSlot | null;
}

export interface VoucherSlot {
  starts_at: string;
  ends_at: string;
}

// A booked time slot.
export interface VoucherSlot {
  starts_at: string;
  ends_at: string;
}

// A voucher as redemption answers it.
export interface RedeemedVoucher {
  id: string;
  code: string;
  campaign_id: string;
  campaign_title: string;
  prize_name: string;
  tier: number;
  member_id: string;
  merchant_id: string | null;
  status: VoucherStatus;
  expires_at: string | null;
  redeemed_at: string | null;
  redeemed_by: string | null;
  created_at: string | null;
  // The slot a booking's voucher is for; null for other vouchers.
  slot: VoucherSlot | null;
  // Whom the voucher is for, masked (陈*梅).
  member_name: string;
}

// What staff give to redeem: the printed code, or the signed token a QR code carries.
export type VoucherProof = { code: string } | { token: string };

// How many of the member's vouchers have each status.
export type VoucherCounts = Record<VoucherStatus, number>;

// Newest first.
export async function listOwnVouchers(): Promise<Voucher[]> {
  return (await get<{ items: Voucher[] }>('/me/vouchers')).items;
}

// Those of one status (all when none is given), with the count of each status.
export function listOwnVouchersByStatus(status?: VoucherStatus): Promise<{ items: Voucher[]; counts: VoucherCounts }> {
  return get<{ items: Voucher[]; counts: VoucherCounts }>('/me/vouchers', { query: { status } });
}

// The voucher's QR code (SVG; only its owner may fetch it).
export function voucherQrUrl(id: string): string {
  return `${apiBase}/vouchers/${encodeURIComponent(id)}/qr.svg`;
}

// Not repeated when the answer is lost: a repeat after a redemption that went through would
// be refused as already redeemed.
export function redeemVoucher(proof: VoucherProof): Promise<RedeemedVoucher> {
  return post<RedeemedVoucher>('/vouchers/redeem', proof satisfies RequestBody<'/api/v1/vouchers/redeem', 'post'>, { retry: false });
}

// When and by whom a voucher was redeemed, as an already_redeemed error tells it
// ("… redeemed at 2026-11-29T05:20:00.000Z by 葡萄园店员"); null when it does not say.
export function earlierRedemption(error: unknown): { at: string; by: string } | null {
  if (!(error instanceof ApiError) || error.code !== 'already_redeemed') return null;
  const match = / at (\d{4}-\d{2}-\d{2}T[0-9:.]+Z)(?: by (.*))?$/.exec(error.message);
  return match?.[1] ? { at: match[1], by: match[2] ?? '' } : null;
}

// When a voucher expired, as a voucher_expired error tells it; null when it does not say.
export function expiryOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'voucher_expired') return null;
  return / at (\d{4}-\d{2}-\d{2}T[0-9:.]+Z)/.exec(error.message)?.[1] ?? null;
}
