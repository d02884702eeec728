// The 优惠购 catalogue as members see it: signed merchants, their offers and farm products,
// ranked search (Chinese, traditional, pinyin, initials) and photos.
import { apiBase, get } from './client';

export const merchantCategories = [
  'fresh_produce',
  'orchard',
  'farm',
  'dining',
  'daily_services',
  'culture_sport',
  'other',
] as const;
export type MerchantCategory = (typeof merchantCategories)[number];

export interface Merchant {
  id: string;
  org_id: string;
  name: string;
  category: MerchantCategory;
  address: string;
  // Degrees, as the union entered them (the API names no datum: WGS-84 or GCJ-02).
  lat: number;
  lng: number;
  contact_name: string;
  phone: string;
  description: string;
  opening_hours: string;
  // The merchant's page on an outside picking platform, or ''.
  external_url: string;
  photo_ids: string[];
  status: 'signed' | 'suspended' | 'expired';
  // Metres from the point asked about, in lists asked with `near`.
  distance_m?: number;
}

export type OfferKind = 'percent_off' | 'member_price' | 'gift';

export interface Offer {
  id: string;
  merchant_id: string;
  title: string;
  kind: OfferKind;
  // percent_off: members pay this percentage (88 = 8.8 折).
  pay_percent: number;
  member_price_fen: number;
  list_price_fen: number;
  gift: string;
  terms: string;
  valid_from: string;
  valid_to: string;
  status: string;
}

export type ProductKind = 'fruit' | 'vegetable' | 'grain' | 'meat_egg' | 'aquatic' | 'tea' | 'other';

export interface Product {
  id: string;
  merchant_id: string;
  name: string;
  kind: ProductKind;
  // 斤, 箱, 份, kg, 个, 袋, 盒 or 篮.
  unit: string;
  unit_price_fen: number;
  origin: string;
  // Months 1..12 the product is in season.
  season_months: number[];
  status: string;
}

export interface MerchantDetail extends Merchant {
  offers: Offer[];
  products: Product[];
}

export interface MerchantPage {
  items: Merchant[];
  next_cursor: string | null;
}

export interface MerchantFilter {
  category?: MerchantCategory;
  // Sorts by distance from here and adds distance_m.
  near?: { lat: number; lng: number };
}

export type SearchKind = 'merchant' | 'offer' | 'product';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  merchant_id: string;
  name: string;
  score: number;
}

export function listMerchants(filter: MerchantFilter, page: { limit: number; cursor?: string }): Promise<MerchantPage> {
  const near = filter.near ? `${filter.near.lat.toFixed(6)},${filter.near.lng.toFixed(6)}` : undefined;
  return get<MerchantPage>('/merchants', {
    query: { category: filter.category, near, limit: page.limit, cursor: page.cursor },
  });
}

export function getMerchant(id: string): Promise<MerchantDetail> {
  return get<MerchantDetail>(`/merchants/${encodeURIComponent(id)}`);
}

// Ranked hits over merchants, offers and products (best first).
export async function searchCatalogue(q: string, limit = 50): Promise<SearchHit[]> {
  return (await get<{ items: SearchHit[] }>('/search', { query: { q, limit } })).items;
}

// Where an uploaded photo is served (public, cached).
export function photoUrl(id: string): string {
  return `${apiBase}/photos/${encodeURIComponent(id)}`;
}
