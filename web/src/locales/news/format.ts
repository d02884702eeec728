// How the times of news and model workers (UTC ms on the wire) are written, in the current
// language.
import { formatDateMinute, formatDay } from '../format';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : new Date(ms).toISOString());

// The calendar day, e.g. 2026/11/29.
export function formatNewsDay(ms: number | null | undefined): string {
  return formatDay(iso(ms));
}

// To the minute, e.g. 2026/11/29 14:30.
export function formatNewsTime(ms: number | null | undefined): string {
  return formatDateMinute(iso(ms));
}
