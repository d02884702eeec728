// A course's sessions as the form holds them (a Beijing calendar day, clock times, the place and
// its optional map point) and as the API takes and gives them (RFC 3339 instants).
import type { TrainingSession, TrainingSessionInput } from '@/api/training';

export interface SessionRow {
  // Only for v-for; not sent.
  row: number;
  // YYYY-MM-DD, a day in Asia/Shanghai.
  date: string | undefined;
  // HH:mm, Beijing time.
  start: string | undefined;
  end: string | undefined;
  place: string;
  lat: number | undefined;
  lng: number | undefined;
}

// The unions keep Beijing time, which has no daylight saving.
const beijingOffset = '+08:00';
let nextRow = 1;

export function blankSession(): SessionRow {
  return { row: nextRow++, date: undefined, start: '09:00', end: '11:30', place: '', lat: undefined, lng: undefined };
}

// The row after `last`: a week later at the same hours and place.
export function nextSession(last: SessionRow): SessionRow {
  let date: string | undefined;
  if (last.date) {
    const [year, month, day] = last.date.split('-').map(Number);
    date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + 7)).toISOString().slice(0, 10);
  }
  return { ...last, row: nextRow++, date };
}

// The first row (counting from 0) without its day, times or place; -1 when all are complete.
export function incompleteSession(rows: SessionRow[]): number {
  return rows.findIndex((session) => !session.date || !session.start || !session.end || !session.place.trim());
}

// The first row with only one of its coordinates; -1 when there is none.
export function halfLocatedSession(rows: SessionRow[]): number {
  return rows.findIndex((session) => (session.lat === undefined) !== (session.lng === undefined));
}

export function sessionToWire(session: SessionRow): TrainingSessionInput {
  const located = session.lat !== undefined && session.lng !== undefined;
  return {
    starts_at: `${session.date}T${session.start}:00${beijingOffset}`,
    ends_at: `${session.date}T${session.end}:00${beijingOffset}`,
    place: session.place.trim(),
    ...(located ? { lat: session.lat, lng: session.lng } : {}),
  };
}

const beijingDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const beijingTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function sessionFromWire(session: TrainingSession): SessionRow {
  const starts = new Date(session.starts_at);
  const ends = new Date(session.ends_at);
  return {
    row: nextRow++,
    date: beijingDay.format(starts),
    start: beijingTime.format(starts),
    end: beijingTime.format(ends),
    place: session.place,
    lat: session.lat ?? undefined,
    lng: session.lng ?? undefined,
  };
}
