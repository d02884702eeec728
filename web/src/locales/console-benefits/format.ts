// How the consoles write money, points and calendar days, and turn picked days into the
// times the API takes.
import type { Offer, Product, ProductUnit } from '@/api/merchants';
import { currentLocale, i18n } from '../index';

// Integer fen as yuan: ¥12.50.
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  return new Intl.NumberFormat(currentLocale(), { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

// Integer fen as a price on an offer, without the cents when there are none: ¥10, ¥12.50.
export function formatPrice(fen: number): string {
  const digits = fen % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat(currentLocale(), {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fen / 100);
}

// Integer fen as an amount read at a glance, the way reports write money: in Chinese 101.37万元
// from ten thousand yuan up, else 564元; in English whole yuan from ten thousand up, ¥101,374.
export function formatFenShort(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const locale = currentLocale();
  const large = Math.abs(fen) >= 1000000;
  if (locale === 'zh-CN') {
    const yuan = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return large ? `${yuan.format(fen / 1000000)}万元` : `${yuan.format(fen / 100)}元`;
  }
  if (!large) return formatFen(fen);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(
    fen / 100,
  );
}

// Points (or any count) with grouping: 12,345.
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(currentLocale()).format(value);
}

export { formatDay, formatDateMinute as formatMinute } from '../format';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// A Date as the local calendar day YYYY-MM-DD.
export function dayOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// The local calendar day (YYYY-MM-DD) of an RFC 3339 time.
export function localDay(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : dayOf(date);
}

// The first moment of a local calendar day (YYYY-MM-DD), as RFC 3339 UTC.
export function startOfDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1, 0, 0, 0, 0).toISOString();
}

// The last second of a local calendar day (YYYY-MM-DD), as RFC 3339 UTC.
export function endOfDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1, 23, 59, 59, 0).toISOString();
}

// A day `days` after today (negative: before), as YYYY-MM-DD.
export function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return dayOf(date);
}

// Whole days from now until an RFC 3339 time (0 when it is today or past).
export function daysUntil(value: string): number {
  const ms = new Date(value).getTime() - Date.now();
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.ceil(ms / 86400000));
}

// What an offer gives members, in words: "8.8折", "立减 ¥10", "会员价 ¥25（原价 ¥30）",
// "赠送：小番茄一份". Only a gift is written as a gift.
export function describeOffer(
  offer: Pick<Offer, 'kind' | 'pay_percent' | 'off_fen' | 'member_price_fen' | 'list_price_fen' | 'gift'>,
): string {
  const { t } = i18n.global;
  const list = offer.list_price_fen > 0 ? formatPrice(offer.list_price_fen) : '';
  switch (offer.kind) {
    case 'percent_off':
      return t('consoleMerchants.offerPercent', {
        percent: offer.pay_percent,
        off: 100 - offer.pay_percent,
        tenths: offer.pay_percent / 10,
      });
    case 'amount_off': {
      const amount = formatPrice(offer.off_fen);
      return list ? t('consoleMerchants.offerAmountOffWithList', { amount, list }) : t('consoleMerchants.offerAmountOff', { amount });
    }
    case 'member_price': {
      const price = formatPrice(offer.member_price_fen);
      return list ? t('consoleMerchants.offerMemberPriceWithList', { price, list }) : t('consoleMerchants.offerMemberPrice', { price });
    }
    case 'gift':
      return t('consoleMerchants.offerGift', { gift: offer.gift });
  }
}

// The i18n keys of the units the API names in Chinese.
const unitKeys: Record<ProductUnit, string> = {
  斤: 'jin',
  箱: 'box',
  份: 'portion',
  kg: 'kilogram',
  个: 'piece',
  袋: 'bag',
  盒: 'carton',
  篮: 'basket',
};

// A product unit in the current language: 斤 / jin (500 g).
export function unitName(unit: ProductUnit): string {
  const key = unitKeys[unit];
  return key ? i18n.global.t(`consoleMerchants.units.${key}`) : unit;
}

// A product's unit price: ¥18.00/斤.
export function describePrice(product: Pick<Product, 'unit_price_fen' | 'unit'>): string {
  return `${formatFen(product.unit_price_fen)}/${unitName(product.unit)}`;
}

// Season months as words: 7、8、9月 / Jul, Aug, Sep.
export function describeMonths(months: number[]): string {
  if (months.length === 0) return '';
  const sorted = [...months].sort((a, b) => a - b);
  const name = new Intl.DateTimeFormat(currentLocale(), { month: 'short' });
  return sorted.map((month) => name.format(new Date(2000, month - 1, 1))).join(i18n.global.t('consoleCommon.listSeparator'));
}
