// The merchant side of 优惠购: a merchant's details, offers and farm products as staff edit
// them, photo uploads, the public application form, and voucher redemption (核销).
import { ApiError, get, patch, post } from './client';

export const merchantCategories = ['fresh_produce', 'orchard', 'farm', 'dining', 'daily_services', 'culture_sport', 'other'] as const;
export type MerchantCategory = (typeof merchantCategories)[number];

// What an application gives and a merchant keeps: the public face of a merchant.
export interface MerchantFields {
  name: string;
  category: MerchantCategory;
  address: string;
  // Degrees (WGS-84).
  lat: number;
  lng: number;
  contact_name: string;
  phone: string;
  licence_no: string;
  description: string;
  opening_hours: string;
  external_url: string;
  photo_ids: string[];
}

export type MerchantStatus = 'signed' | 'suspended' | 'expired';

export interface Merchant extends MerchantFields {
  id: string;
  org_id: string;
  status: MerchantStatus;
  contract_start: string;
  contract_end: string;
  updated_at: string;
}

export const offerKinds = ['percent_off', 'member_price', 'gift'] as const;
export type OfferKind = (typeof offerKinds)[number];
export type ListingStatus = 'active' | 'withdrawn';

export interface Offer {
  id: string;
  merchant_id: string;
  title: string;
  kind: OfferKind;
  // percent_off: what members pay, in percent of the list price (88 = 12% off).
  pay_percent: number;
  member_price_fen: number;
  list_price_fen: number;
  gift: string;
  terms: string;
  valid_from: string;
  valid_to: string;
  status: ListingStatus;
}

export type OfferInput = Partial<Omit<Offer, 'id' | 'merchant_id' | 'status'>> & { withdrawn?: boolean };

export const productKinds = ['fruit', 'vegetable', 'grain', 'meat_egg', 'aquatic', 'tea', 'other'] as const;
export type ProductKind = (typeof productKinds)[number];
export const productUnits = ['斤', '箱', '份', 'kg', '个', '袋', '盒', '篮'] as const;
export type ProductUnit = (typeof productUnits)[number];

export interface Product {
  id: string;
  merchant_id: string;
  name: string;
  kind: ProductKind;
  unit: ProductUnit;
  unit_price_fen: number;
  origin: string;
  season_months: number[];
  status: ListingStatus;
}

export type ProductInput = Partial<Omit<Product, 'id' | 'merchant_id' | 'status'>> & { withdrawn?: boolean };

// A merchant with every offer and product, withdrawn ones included (as its managers see it).
export interface MerchantWithListings extends Merchant {
  offers: Offer[];
  products: Product[];
}

// What staff may change about their own merchant (admins may also change name, category and
// licence number).
export type MerchantChanges = Partial<Omit<MerchantFields, 'photo_ids'>> & { photo_ids?: string[] };

export interface UploadedPhoto {
  id: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected';

export interface MerchantApplication extends MerchantFields {
  id: string;
  org_id: string;
  status: ApplicationStatus;
  reason: string;
  merchant_id: string | null;
  created_at: string;
}

export type NewApplication = MerchantFields & { org_id?: string };

export type VoucherStatus = 'issued' | 'redeemed' | 'expired' | 'void';

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
}

// What staff give to redeem: the printed code, or the signed token a QR code carries.
export type VoucherProof = { code: string } | { token: string };

// The staff member's own merchant with all its offers and products.
export function getOwnMerchant(): Promise<MerchantWithListings> {
  return get<MerchantWithListings>('/me/merchant');
}

export function updateMerchant(id: string, changes: MerchantChanges): Promise<Merchant> {
  return patch<Merchant>(`/merchants/${encodeURIComponent(id)}`, changes);
}

export function createOffer(merchantId: string, input: OfferInput, idempotencyKey?: string): Promise<Offer> {
  return post<Offer>(`/merchants/${encodeURIComponent(merchantId)}/offers`, input, { idempotencyKey });
}

// Changes an offer; `{withdrawn: true}` takes it off the member pages, false puts it back.
export function updateOffer(id: string, changes: OfferInput): Promise<Offer> {
  return patch<Offer>(`/offers/${encodeURIComponent(id)}`, changes);
}

export function createProduct(merchantId: string, input: ProductInput, idempotencyKey?: string): Promise<Product> {
  return post<Product>(`/merchants/${encodeURIComponent(merchantId)}/products`, input, { idempotencyKey });
}

export function updateProduct(id: string, changes: ProductInput): Promise<Product> {
  return patch<Product>(`/products/${encodeURIComponent(id)}`, changes);
}

export const photoTypes = ['image/jpeg', 'image/png', 'image/webp'];
export const photoMaxBytes = 5 * 1024 * 1024;

// Uploads one photo as it is; the server checks its type by content and strips metadata.
export function uploadPhoto(file: Blob): Promise<UploadedPhoto> {
  return post<UploadedPhoto>('/photos', undefined, { raw: { body: file, contentType: file.type || 'application/octet-stream' } });
}

// Where a stored photo is served (public, cached).
export function photoUrl(id: string): string {
  return `/api/v1/photos/${encodeURIComponent(id)}`;
}

// The public application form (no sign-in).
export function submitApplication(input: NewApplication, idempotencyKey: string): Promise<MerchantApplication> {
  return post<MerchantApplication>('/merchant-applications', input, { idempotencyKey });
}

export function redeemVoucher(proof: VoucherProof): Promise<RedeemedVoucher> {
  return post<RedeemedVoucher>('/vouchers/redeem', proof);
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
