// 创业指导: mentors (a model worker or an expert) with their consultation slots, a member's
// bookings with the mentor's note after the session, the mentor's own sessions and notes, and
// the console's mentors and slot publishing. Slots are a booking campaign's.
import { get, post, put } from './client';

export type MentorKind = 'model_worker' | 'expert';
export const mentorKinds: readonly MentorKind[] = ['model_worker', 'expert'];

export interface MentorSlot {
  campaign_id: string;
  slot_id: string;
  starts_at: string;
  ends_at: string;
  place: string;
  free: boolean;
}

export interface Mentor {
  id: string;
  org_id: string;
  org_name: string;
  name: string;
  kind: MentorKind;
  title: string;
  intro: string;
  model_worker_id: string | null;
  slots: MentorSlot[];
}

export interface MentorBooking {
  entry_id: string;
  mentor_id: string;
  mentor_name: string;
  // Masked in the member's own view; in full for the mentor.
  member_name: string;
  member_phone: string;
  starts_at: string;
  ends_at: string;
  place: string;
  cancelled: boolean;
  note: string;
  noted_at: string | null;
}

export interface MentorInput {
  org_id?: string;
  name: string;
  phone: string;
  kind: MentorKind;
  title: string;
  intro?: string;
  model_worker_id?: string;
}

export interface SlotWindow {
  starts_at: string;
  ends_at: string;
}

const mentor = (id: string) => `/mentors/${encodeURIComponent(id)}`;
const booking = (id: string) => `/mentor-bookings/${encodeURIComponent(id)}`;

export async function listMentors(): Promise<Mentor[]> {
  return (await get<{ items: Mentor[] }>('/mentors')).items;
}

export function getMentor(id: string): Promise<Mentor> {
  return get<Mentor>(mentor(id));
}

export function bookMentor(id: string, slotId: string, idempotencyKey: string): Promise<MentorBooking> {
  return post<MentorBooking>(`${mentor(id)}/bookings`, { slot_id: slotId }, { idempotencyKey });
}

export async function listMyMentorBookings(): Promise<MentorBooking[]> {
  return (await get<{ items: MentorBooking[] }>('/me/mentor-bookings')).items;
}

export function cancelMentorBooking(id: string): Promise<MentorBooking> {
  return post<MentorBooking>(`${booking(id)}/cancel`);
}

// The signed-in mentor's sessions, soonest first; 404 not_a_mentor for anyone else.
export async function listMentoring(): Promise<MentorBooking[]> {
  return (await get<{ items: MentorBooking[] }>('/me/mentoring')).items;
}

export function saveMentorNote(id: string, note: string): Promise<MentorBooking> {
  return put<MentorBooking>(`${booking(id)}/note`, { note });
}

export function createMentor(input: MentorInput, idempotencyKey: string): Promise<Mentor> {
  return post<Mentor>('/mentors', input, { idempotencyKey });
}

export function publishMentorSlots(id: string, place: string, slots: SlotWindow[], idempotencyKey: string): Promise<Mentor> {
  return post<Mentor>(`${mentor(id)}/slots`, { place, slots }, { idempotencyKey });
}

// The signed-in mentor publishes consultation times of their own.
export function publishOwnSlots(place: string, slots: SlotWindow[], idempotencyKey: string): Promise<Mentor> {
  return post<Mentor>('/me/mentoring/slots', { place, slots }, { idempotencyKey });
}
