// 优惠购 for administrators: reviewing applications, the signed merchants, contracts ending
// soon, and one merchant's suspension, renewal and staff.
import { get, post } from './client';
import type { ApplicationStatus, Merchant, MerchantApplication, MerchantCategory, MerchantWithListings } from './merchantConsole';

export interface MerchantFilter {
  // Chinese, traditional characters, pinyin or initials.
  q?: string;
  category?: MerchantCategory;
}

export interface MerchantPage {
  items: Merchant[];
  next_cursor: string | null;
}

export interface NewStaff {
  phone: string;
  // Needed only when no account has that number yet.
  name?: string;
}

export function listApplications(status: ApplicationStatus): Promise<MerchantApplication[]> {
  return get<{ items: MerchantApplication[] }>('/merchant-applications', { query: { status } }).then((page) => page.items);
}

// Approves an application and signs the merchant from `contractStart` to `contractEnd`
// (calendar days, YYYY-MM-DD).
export function approveApplication(id: string, contractStart: string, contractEnd: string): Promise<Merchant> {
  return post<Merchant>(`/merchant-applications/${encodeURIComponent(id)}/approve`, {
    contract_start: contractStart,
    contract_end: contractEnd,
  });
}

export function rejectApplication(id: string, reason: string): Promise<MerchantApplication> {
  return post<MerchantApplication>(`/merchant-applications/${encodeURIComponent(id)}/reject`, { reason });
}

// Signed merchants (those members can use now), searched and filtered.
export function listMerchants(filter: MerchantFilter, page: { limit: number; cursor?: string }): Promise<MerchantPage> {
  return get<MerchantPage>('/merchants', {
    query: { q: filter.q?.trim() || undefined, category: filter.category || undefined, limit: page.limit, cursor: page.cursor },
  });
}

// Contracts in the admin's subtree ending within `days` days.
export function listExpiringMerchants(days = 30): Promise<Merchant[]> {
  return get<{ items: Merchant[] }>('/merchants/expiring', { query: { days } }).then((page) => page.items);
}

// One merchant with every offer and product (withdrawn ones too, for its managers).
export function getMerchant(id: string): Promise<MerchantWithListings> {
  return get<MerchantWithListings>(`/merchants/${encodeURIComponent(id)}`);
}

export function suspendMerchant(id: string): Promise<Merchant> {
  return post<Merchant>(`/merchants/${encodeURIComponent(id)}/suspend`);
}

export function reinstateMerchant(id: string): Promise<Merchant> {
  return post<Merchant>(`/merchants/${encodeURIComponent(id)}/reinstate`);
}

// Moves the contract end to `contractEnd` (YYYY-MM-DD).
export function renewMerchant(id: string, contractEnd: string): Promise<Merchant> {
  return post<Merchant>(`/merchants/${encodeURIComponent(id)}/renew`, { contract_end: contractEnd });
}

// Gives an account (made when the number has none) the staff role for this merchant.
export function addMerchantStaff(id: string, staff: NewStaff): Promise<{ account_id: string; merchant_id: string }> {
  return post<{ account_id: string; merchant_id: string }>(`/merchants/${encodeURIComponent(id)}/staff`, staff);
}
