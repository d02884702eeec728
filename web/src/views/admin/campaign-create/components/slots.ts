// A booking's time slots as the form holds them (a Beijing calendar day and clock times, as
// picked) and as the API takes them (RFC 3339 instants).
import type { NewCampaign } from '@/api/campaigns';

export type NewSlot = NonNullable<NewCampaign['slots']>[number];

export interface SlotRow {
  // Only for v-for; not sent.
  row: number;
  // YYYY-MM-DD, a day in Asia/Shanghai.
  date: string | undefined;
  // HH:mm, Beijing time.
  start: string | undefined;
  end: string | undefined;
  capacity: number | undefined;
}

// The unions keep Beijing time, which has no daylight saving.
const beijingOffset = '+08:00';

let nextRow = 1;

export function blankSlot(): SlotRow {
  return { row: nextRow++, date: undefined, start: '09:00', end: '11:00', capacity: 20 };
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// The row after `last`: the same day, starting when it ends and as long, with as many places
// (its times left empty when that would run past midnight).
export function nextSlot(last: SlotRow): SlotRow {
  const slot: SlotRow = { row: nextRow++, date: last.date, start: undefined, end: undefined, capacity: last.capacity };
  if (last.start && last.end) {
    const length = minutesOf(last.end) - minutesOf(last.start);
    const end = minutesOf(last.end) + length;
    if (length > 0 && end < 24 * 60) {
      slot.start = last.end;
      slot.end = timeOf(end);
    }
  }
  return slot;
}

// The first row (counting from 0) without its day, times or places; -1 when all are complete.
export function incompleteSlot(rows: SlotRow[]): number {
  return rows.findIndex((slot) => !slot.date || !slot.start || !slot.end || !slot.capacity);
}

// The first complete row that does not end after it starts; -1 when there is none.
export function backwardSlot(rows: SlotRow[]): number {
  return rows.findIndex((slot) => slot.start && slot.end && minutesOf(slot.end) <= minutesOf(slot.start));
}

export function slotToWire(slot: SlotRow): NewSlot {
  return {
    starts_at: `${slot.date}T${slot.start}:00${beijingOffset}`,
    ends_at: `${slot.date}T${slot.end}:00${beijingOffset}`,
    capacity: slot.capacity ?? 0,
  };
}
