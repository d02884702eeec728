// 电子会员卡: the member's card with its minute QR code; merchant staff check a code (验证会员)
// and record the use of one of their offers against it. Request bodies come from
// openapi.yaml; the answers are described there in prose, so they are written here.
import { apiBase, get, post } from './client';
import type { RequestBody } from './wire';

export interface MemberCard {
  name: string;
  org_name: string;
  card_no: string;
  // The signed token the QR code carries; changes every minute.
  token: string;
  // The token as a QR code (SVG markup made by the server).
  qr_svg: string;
  expires_at: string;
  refresh_at: string;
  // How long until the next minute's code, by the server's clock.
  refresh_in_ms: number;
}

export type CardStatus = 'valid' | 'expired' | 'invalid';

export interface MemberCheck {
  status: CardStatus;
  // Masked (陈*梅).
  member_name: string;
  org_name: string;
  expires_at: string;
}

export interface OfferUse {
  id: string;
  offer_id: string;
  offer_title: string;
  member_name: string;
  org_name: string;
  recorded_by: string;
  used_at: string;
  // False when this code and offer were recorded before.
  created: boolean;
}

export function getMyCard(): Promise<MemberCard> {
  return get<MemberCard>('/me/card');
}

export function checkMember(token: string): Promise<MemberCheck> {
  return post<MemberCheck>('/merchant/member-check', { token } satisfies RequestBody<'/api/v1/merchant/member-check', 'post'>);
}

// Safe to repeat: the server records a code and offer once.
export function recordOfferUse(token: string, offerId: string): Promise<OfferUse> {
  return post<OfferUse>('/merchant/offer-uses', { token, offer_id: offerId } satisfies RequestBody<'/api/v1/merchant/offer-uses', 'post'>);
}

// The QR code (SVG) of a page of this site, for the share poster.
export function shareQrUrl(path: string): string {
  return `${apiBase}/share/qr.svg?path=${encodeURIComponent(path)}`;
}
