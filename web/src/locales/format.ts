// How times and mobile numbers are written for people, in the current language.
import { currentLocale } from './index';

const dayParts = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const minuteParts = { ...dayParts, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

// An RFC 3339 time from the API in the browser's local time zone, with the given parts; '' for
// none, and the text as it is when it is not a time.
function formatLocal(value: string | null | undefined, parts: Intl.DateTimeFormatOptions): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(currentLocale(), parts).format(date);
}

// To the second, e.g. 2026/11/29 12:30:05.
export function formatDateTime(value: string | null | undefined): string {
  return formatLocal(value, { ...minuteParts, second: '2-digit' });
}

// To the minute, e.g. 2026/11/29 14:30.
export function formatDateMinute(value: string | null | undefined): string {
  return formatLocal(value, minuteParts);
}

// The calendar day, e.g. 2026/11/29.
export function formatDay(value: string | null | undefined): string {
  return formatLocal(value, dayParts);
}

// Booked slots are at a place in China: their day and hours are Beijing time wherever the
// device is.
const slotDay = { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' } as const;
const slotHours = { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

// A booked slot, short, for members and for staff at the gate: 12/09 14:00–16:00 (the end's
// day too when it ends on another day).
export function formatSlot(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return '';
  const day = new Intl.DateTimeFormat(currentLocale(), slotDay);
  const hours = new Intl.DateTimeFormat(currentLocale(), slotHours);
  const endText = day.format(start) === day.format(end) ? hours.format(end) : `${day.format(end)} ${hours.format(end)}`;
  return `${day.format(start)} ${hours.format(start)}–${endText}`;
}

// A mobile number with its middle four digits hidden: 139****0001.
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

// A mainland mobile number as the server accepts it: 11 digits, 13…19 first.
export function isMobileNumber(text: string): boolean {
  return /^1[3-9]\d{9}$/.test(text.trim());
}
