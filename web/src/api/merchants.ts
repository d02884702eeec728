// Merchants of 优惠购 (signed shops, orchards and farms), their offers and farm products: as
// members find them (by category or distance), as staff edit their own, the public application
// form, and as administrators review applications and manage contracts and staff.
// Wire types: the request bodies of applications, contracts and staff, and the list's query
// parameters, come from openapi.yaml; merchants, offers and products are described there only
// in a comment, and the bodies of their edits not at all, so those are written here.
import type { IssuedLink } from './access';
import { get, patch, post } from './client';
import type { paths } from './schema';
import type { QueryParameters, RequestBody } from './wire';

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
  // The platform it is listed on, e.g. 海州采摘 ('' if none).
  platform: string;
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
  // Metres from the point asked about, in lists asked with `near`.
  distance_m?: number;
}

export interface MerchantPage {
  items: Merchant[];
  next_cursor: string | null;
}

export interface MerchantFilter {
  // Chinese, traditional characters, pinyin or initials.
  q?: string;
  category?: MerchantCategory;
  // Sorts by distance from here and adds distance_m.
  near?: { lat: number; lng: number };
}

// 折扣, 立减, 会员价, 赠送: each kind keeps its rate or amount in its own field.
export const offerKinds = ['percent_off', 'amount_off', 'member_price', 'gift'] as const;
export type OfferKind = (typeof offerKinds)[number];
export type ListingStatus = 'active' | 'withdrawn';

export interface Offer {
  id: string;
  merchant_id: string;
  title: string;
  kind: OfferKind;
  // percent_off: what members pay, in percent of the list price (88 = 12% off, 8.8 折).
  pay_percent: number;
  // amount_off: how much members save, in fen (立减).
  off_fen: number;
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
  // Months 1..12 the product is in season.
  season_months: number[];
  status: ListingStatus;
}

export type ProductInput = Partial<Omit<Product, 'id' | 'merchant_id' | 'status'>> & { withdrawn?: boolean };

// A merchant with its offers and products; its managers also see the withdrawn ones.
export interface MerchantWithListings extends Merchant {
  offers: Offer[];
  products: Product[];
}

// What staff may change about their own merchant (admins may also change name, category and
// licence number).
export type MerchantChanges = Partial<Omit<MerchantFields, 'photo_ids'>> & { photo_ids?: string[] };

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

export type NewStaff = RequestBody<'/api/v1/merchants/{id}/staff', 'post'>;

// Signed merchants (those members can use now), searched, filtered or nearest first.
export function listMerchants(filter: MerchantFilter, page: { limit: number; cursor?: string }): Promise<MerchantPage> {
  const query: QueryParameters<'/api/v1/merchants'> = {
    q: filter.q?.trim() || undefined,
    category: filter.category || undefined,
    near: filter.near ? `${filter.near.lat.toFixed(6)},${filter.near.lng.toFixed(6)}` : undefined,
    limit: page.limit,
    cursor: page.cursor,
  };
  return get<MerchantPage>('/merchants', { query });
}

// The statuses the admin's list filters by: expiring (contract ending within 30 days) is a
// part of signed.
export const managedStatuses = ['signed', 'expiring', 'suspended', 'expired'] as const;
export type ManagedStatus = (typeof managedStatuses)[number];

export type ManagedFilter = Omit<MerchantFilter, 'near'> & { status?: ManagedStatus };

type ManagedResponse = paths['/api/v1/merchants/managed']['get']['responses']['200']['content']['application/json'];
export type ManagedCounts = ManagedResponse['counts'];

export interface ManagedMerchantPage extends MerchantPage {
  counts: ManagedCounts;
}

// Every merchant the admin's subtree signed, suspended and expired ones too, with counts per
// status of those matching q and category.
export function listManagedMerchants(filter: ManagedFilter, page: { limit: number; cursor?: string }): Promise<ManagedMerchantPage> {
  const query: QueryParameters<'/api/v1/merchants/managed'> = {
    q: filter.q?.trim() || undefined,
    category: filter.category || undefined,
    status: filter.status,
    limit: page.limit,
    cursor: page.cursor,
  };
  return get<ManagedMerchantPage>('/merchants/managed', { query });
}

// One merchant with its offers and products (withdrawn ones too, for its managers).
export function getMerchant(id: string): Promise<MerchantWithListings> {
  return get<MerchantWithListings>(`/merchants/${encodeURIComponent(id)}`);
}

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

// The public application form (no sign-in).
export function submitApplication(input: NewApplication, idempotencyKey: string): Promise<MerchantApplication> {
  return post<MerchantApplication>('/merchant-applications', input, { idempotencyKey });
}

export function listApplications(status: ApplicationStatus): Promise<MerchantApplication[]> {
  return get<{ items: MerchantApplication[] }>('/merchant-applications', { query: { status } }).then((page) => page.items);
}

// Approves an application and signs the merchant from `contractStart` to `contractEnd`
// (calendar days, YYYY-MM-DD).
export function approveApplication(id: string, contractStart: string, contractEnd: string): Promise<Merchant> {
  const body: RequestBody<'/api/v1/merchant-applications/{id}/approve', 'post'> = {
    contract_start: contractStart,
    contract_end: contractEnd,
  };
  return post<Merchant>(`/merchant-applications/${encodeURIComponent(id)}/approve`, body);
}

export function rejectApplication(id: string, reason: string): Promise<MerchantApplication> {
  const body: RequestBody<'/api/v1/merchant-applications/{id}/reject', 'post'> = { reason };
  return post<MerchantApplication>(`/merchant-applications/${encodeURIComponent(id)}/reject`, body);
}

// Contracts in the admin's subtree ending within `days` days.
export function listExpiringMerchants(days = 30): Promise<Merchant[]> {
  return get<{ items: Merchant[] }>('/merchants/expiring', { query: { days } }).then((page) => page.items);
}

export function suspendMerchant(id: string): Promise<Merchant> {
  return post<Merchant>(`/merchants/${encodeURIComponent(id)}/suspend`);
}

export function reinstateMerchant(id: string): Promise<Merchant> {
  return post<Merchant>(`/merchants/${encodeURIComponent(id)}/reinstate`);
}

// Moves the contract end to `contractEnd` (YYYY-MM-DD).
export function renewMerchant(id: string, contractEnd: string): Promise<Merchant> {
  const body: RequestBody<'/api/v1/merchants/{id}/renew', 'post'> = { contract_end: contractEnd };
  return post<Merchant>(`/merchants/${encodeURIComponent(id)}/renew`, body);
}

// Invites the owner of a number to be staff of this merchant: the one-time link, shown once.
export function addMerchantStaff(id: string, staff: NewStaff): Promise<{ merchant_id: string; invitation: IssuedLink }> {
  return post<{ merchant_id: string; invitation: IssuedLink }>(`/merchants/${encodeURIComponent(id)}/staff`, staff);
}
