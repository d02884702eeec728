// How money, distances, discounts, seasons and short times of the benefits pages are written,
// in the current language.
import { currentLocale, i18n } from '@/locales';
import { formatDateMinute } from '../format';

// Integer fen as yuan with two decimals, e.g. 1800 → ¥18.00 (no floating-point money).
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const absolute = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(absolute / 100).toLocaleString(currentLocale());
  const cents = String(absolute % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

// Yuan as people say an amount off: whole yuan without cents (1000 → ¥10), else as formatYuan.
export function formatYuanShort(fen: number): string {
  const text = formatYuan(fen);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

// Metres under a kilometre as metres, else kilometres with one decimal (none from 10 km).
export function formatDistance(metres: number): string {
  const { t } = i18n.global;
  if (metres < 1000) return t('catalogue.metres', { count: Math.max(0, Math.round(metres)) });
  const kilometres = metres / 1000;
  return t('catalogue.kilometres', { count: kilometres < 10 ? kilometres.toFixed(1) : Math.round(kilometres).toString() });
}

// A percent_off offer: members pay `payPercent` of the price (88 → 会员 8.8 折, 12% off).
export function formatPercentOff(payPercent: number): string {
  return i18n.global.t('catalogue.percentOff', {
    rate: String(payPercent / 10),
    pay: String(payPercent),
    off: String(100 - payPercent),
  });
}

function monthName(month: number): string {
  if (currentLocale() === 'en') {
    return new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, month - 1, 1));
  }
  return String(month);
}

// Season months as runs: [7, 8, 9] → 7–9月; [11, 12, 1, 2] → 11–2月 (a run may wrap the year).
export function formatSeason(months: number[]): string {
  const { t } = i18n.global;
  const sorted = [...new Set(months)].filter((month) => month >= 1 && month <= 12).sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  if (sorted.length === 12) return t('catalogue.monthRange', { from: monthName(1), to: monthName(12) });
  const runs: [number, number][] = [];
  for (const month of sorted) {
    const last = runs[runs.length - 1];
    if (last && month === last[1] + 1) last[1] = month;
    else runs.push([month, month]);
  }
  // December running into January joins the last run to the first.
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (runs.length > 1 && first && last && first[0] === 1 && last[1] === 12) {
    last[1] = first[1];
    runs.shift();
  }
  return runs
    .map(([from, to]) =>
      from === to
        ? t('catalogue.month', { month: monthName(from) })
        : t('catalogue.monthRange', { from: monthName(from), to: monthName(to) }),
    )
    .join(t('catalogue.monthSeparator'));
}

export { formatDateMinute, formatDay as formatDate } from '../format';

// A time slot: its day and hours, e.g. 2026/12/01 09:00–11:00.
export function formatTimeRange(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startsAt}–${endsAt}`;
  const time = new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = start.toDateString() === end.toDateString();
  return `${formatDateMinute(startsAt)}–${sameDay ? time.format(end) : formatDateMinute(endsAt)}`;
}

// A lottery prize's tier in words: 一等奖, 二等奖 …, then 第N等奖.
export function formatPrizeTier(tier: number): string {
  const { t, te } = i18n.global;
  const key = `campaigns.tierNames.${tier}`;
  return te(key) ? t(key) : t('campaigns.tier', { tier });
}

// Signed points: +5, −10 (a real minus sign).
export function formatSignedPoints(amount: number): string {
  return amount > 0 ? `+${amount}` : amount < 0 ? `−${Math.abs(amount)}` : '0';
}
