// 帮促清单 (help lists): pairings of a union with a village (结对共建), the village's needs and
// their way from 待认领 to 已验收, households (admins of the pairing only, masked), visits,
// outcomes, how needs were met, and volunteer tasks members sign up for.
// Wire types: every schema and request body comes from openapi.yaml.
import { get, post, put, remove } from './client';
import type { ModelWorkerCard } from './modelWorkers';
import type { RequestBody, Sent } from './wire';

export type PairingCard = Sent<'PairingCard'>;
export type NeedCounts = Required<PairingCard['needs']>;
export type PairingInput = RequestBody<'/api/v1/pairings', 'post'>;
export type NeedProgress = Sent<'NeedProgress'>;
export type NeedFulfilment = Sent<'NeedFulfilment'>;
export type VolunteerTask = Sent<'VolunteerTask'>;
export type Volunteer = Sent<'Volunteer'>;
export type Visit = Sent<'Visit'>;
export type Outcome = Sent<'Outcome'>;
export type Household = Sent<'Household'>;
export type HouseholdInput = RequestBody<'/api/v1/pairings/{id}/households', 'post'>;
export type NeedInput = RequestBody<'/api/v1/pairings/{id}/needs', 'post'>;
export type ProgressInput = RequestBody<'/api/v1/needs/{id}/progress', 'post'>;
export type FulfilmentInput = RequestBody<'/api/v1/needs/{id}/fulfilments', 'post'>;
export type TaskInput = RequestBody<'/api/v1/needs/{id}/volunteer-tasks', 'post'>;
export type VisitInput = RequestBody<'/api/v1/pairings/{id}/visits', 'post'>;
export type OutcomeInput = RequestBody<'/api/v1/pairings/{id}/outcomes', 'post'>;

type NeedFields = Sent<'Need'>;
export type NeedStatus = NeedFields['status'];
export type NeedCategory = NeedFields['category'];
export interface Need extends Omit<NeedFields, 'progress' | 'fulfilments' | 'volunteer_tasks'> {
  progress: NeedProgress[];
  fulfilments: NeedFulfilment[];
  volunteer_tasks: VolunteerTask[];
}
export interface Pairing extends PairingCard {
  needs_list: Need[];
  visits_list: Visit[];
  outcomes: Outcome[];
  model_workers: ModelWorkerCard[];
  secretary_phone: string;
  can_manage: boolean;
}
export interface MySignUp extends VolunteerTask {
  signed_up_at: string;
  minutes: number;
}

export const needStatuses: readonly NeedStatus[] = ['open', 'in_progress', 'done', 'accepted'];
export const needCategories: readonly NeedCategory[] = [
  'housing',
  'street_lights',
  'roads',
  'education',
  'illness',
  'culture',
  'industry',
  'other',
];
export type NeedAction = 'claim' | 'complete' | 'accept';

const id = (value: string) => encodeURIComponent(value);

// --- Anyone ----------------------------------------------------------------------------------

export async function listPairings(): Promise<PairingCard[]> {
  return (await get<{ items: PairingCard[] }>('/pairings')).items;
}

export function getPairing(pairingId: string): Promise<Pairing> {
  return get<Pairing>(`/pairings/${id(pairingId)}`);
}

// --- Members ---------------------------------------------------------------------------------

export async function listVolunteerTasks(): Promise<VolunteerTask[]> {
  return (await get<{ items: VolunteerTask[] }>('/volunteer-tasks')).items;
}

export function signUp(taskId: string): Promise<VolunteerTask> {
  return post<VolunteerTask>(`/volunteer-tasks/${id(taskId)}/sign-up`);
}

export function myVolunteering(): Promise<{ items: MySignUp[]; total_minutes: number }> {
  return get<{ items: MySignUp[]; total_minutes: number }>('/me/volunteer');
}

// --- Admins ----------------------------------------------------------------------------------

export async function listManagedPairings(): Promise<PairingCard[]> {
  return (await get<{ items: PairingCard[] }>('/pairings/manage')).items;
}

export function getManagedPairing(pairingId: string): Promise<Pairing> {
  return get<Pairing>(`/pairings/${id(pairingId)}/manage`);
}

export function createPairing(input: PairingInput, idempotencyKey?: string): Promise<Pairing> {
  return post<Pairing>('/pairings', input, { idempotencyKey });
}

export function addNeed(pairingId: string, input: NeedInput, idempotencyKey?: string): Promise<Need> {
  return post<Need>(`/pairings/${id(pairingId)}/needs`, input, { idempotencyKey });
}

// Only while the need is open or in progress (409 wrong_status otherwise). household_ids
// replaces the households it serves: send the ones it keeps.
export function updateNeed(needId: string, input: NeedInput): Promise<Need> {
  return put<Need>(`/needs/${id(needId)}`, input);
}

export function actOnNeed(needId: string, action: NeedAction): Promise<Need> {
  return post<Need>(`/needs/${id(needId)}/${action}`);
}

export function addProgress(needId: string, input: ProgressInput, idempotencyKey?: string): Promise<Need> {
  return post<Need>(`/needs/${id(needId)}/progress`, input, { idempotencyKey });
}

export function rejectNeed(needId: string, reason: string): Promise<Need> {
  return post<Need>(`/needs/${id(needId)}/reject`, { reason });
}

export function addFulfilment(needId: string, input: FulfilmentInput, idempotencyKey?: string): Promise<NeedFulfilment> {
  return post<NeedFulfilment>(`/needs/${id(needId)}/fulfilments`, input, { idempotencyKey });
}

export function addTask(needId: string, input: TaskInput, idempotencyKey?: string): Promise<VolunteerTask> {
  return post<VolunteerTask>(`/needs/${id(needId)}/volunteer-tasks`, input, { idempotencyKey });
}

export async function listVolunteers(taskId: string): Promise<Volunteer[]> {
  return (await get<{ items: Volunteer[] }>(`/volunteer-tasks/${id(taskId)}/volunteers`)).items;
}

export function recordMinutes(taskId: string, memberId: string, minutes: number): Promise<Volunteer> {
  return put<Volunteer>(`/volunteer-tasks/${id(taskId)}/volunteers/${id(memberId)}`, { minutes });
}

export async function listHouseholds(pairingId: string): Promise<Household[]> {
  return (await get<{ items: Household[] }>(`/pairings/${id(pairingId)}/households`)).items;
}

export function addHousehold(pairingId: string, input: HouseholdInput, idempotencyKey?: string): Promise<Household> {
  return post<Household>(`/pairings/${id(pairingId)}/households`, input, { idempotencyKey });
}

// id_number and phone left out keep what is stored (the console only sees them masked).
export function updateHousehold(pairingId: string, householdId: string, input: HouseholdInput): Promise<Household> {
  return put<Household>(`/pairings/${id(pairingId)}/households/${id(householdId)}`, input);
}

// Only a household no need serves (409 household_linked otherwise).
export function removeHousehold(pairingId: string, householdId: string): Promise<{ ok: boolean }> {
  return remove<{ ok: boolean }>(`/pairings/${id(pairingId)}/households/${id(householdId)}`);
}

export function addVisit(pairingId: string, input: VisitInput, idempotencyKey?: string): Promise<Visit> {
  return post<Visit>(`/pairings/${id(pairingId)}/visits`, input, { idempotencyKey });
}

export function addOutcome(pairingId: string, input: OutcomeInput, idempotencyKey?: string): Promise<Outcome> {
  return post<Outcome>(`/pairings/${id(pairingId)}/outcomes`, input, { idempotencyKey });
}
