// How the 求学圆梦 pages write calendar days and turn the console's yuan into fen.
import { currentLocale } from '../index';

export { formatYuan } from '../member-benefits/format';

// A calendar day as the API sends it (YYYY-MM-DD, Asia/Shanghai) in the current language, e.g.
// 2026/12/05: the day as written, not shifted by the device's time zone.
export function formatCalendarDay(day: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!match) return day ?? '';
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, date),
  );
}

// Yuan as typed in a form (at most two decimals) as integer fen, without floating-point drift.
export function fenOfYuan(yuan: number | null | undefined): number {
  return Math.round((yuan ?? 0) * 100);
}

// Today in Asia/Shanghai, YYYY-MM-DD (the day a payment is recorded for by default).
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
