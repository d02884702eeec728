// 求学圆梦 (diploma subsidies): rounds the city union sets up, members' applications with their
// enrolment document and bank details (only ever masked here), the review chain base union →
// district union → city union, payouts and the payout list for the bank.
// Wire types: every schema and request body comes from openapi.yaml; a document's upload
// answer is its Document schema.
import { apiBase, download, get, patch, post, type DownloadedFile } from './client';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type SubsidyLevel = Sent<'SubsidyLevel'>;
export const subsidyLevels: readonly SubsidyLevel[] = ['junior_college', 'bachelor', 'postgraduate'];

export type SubsidyWindow = Sent<'SubsidyWindow'>;
export type SubsidyRoundInput = RequestBody<'/api/v1/subsidy-rounds/{id}', 'patch'>;
export type NewSubsidyRound = RequestBody<'/api/v1/subsidy-rounds', 'post'>;

type RoundFields = Sent<'SubsidyRound'>;
export type SubsidyRoundStatus = RoundFields['status'];
export type RoundLevel = Required<RoundFields['levels'][number]>;
export type RoundQuota = Required<RoundFields['quotas'][number]>;
export type RoundCounts = Required<RoundFields['counts']>;
export interface SubsidyRound extends Omit<RoundFields, 'levels' | 'quotas' | 'counts'> {
  levels: RoundLevel[];
  quotas: RoundQuota[];
  counts: RoundCounts;
}

type MemberRoundFields = Sent<'MemberSubsidyRound'>;
export type EligibilityReason = NonNullable<Required<MemberRoundFields['levels'][number]>['reason']>;
export interface MemberRoundLevel {
  level: SubsidyLevel;
  amount_fen: number;
  eligible: boolean;
  reason: EligibilityReason | null;
}
export interface MemberSubsidyRound extends Omit<MemberRoundFields, 'levels'> {
  levels: MemberRoundLevel[];
}

export type SubsidyEvent = Sent<'SubsidyEvent'>;
export type SubsidyDocument = Sent<'Document'>;
type ApplicationFields = Sent<'SubsidyApplication'>;
export type ApplicationStatus = ApplicationFields['status'];
export type ReviewStep = NonNullable<ApplicationFields['step']>;
export type Payout = Required<NonNullable<ApplicationFields['payout']>>;
export interface SubsidyApplication extends Omit<ApplicationFields, 'document' | 'timeline' | 'payout'> {
  document: SubsidyDocument;
  // Oldest first; the admin list leaves it out (empty).
  timeline: SubsidyEvent[];
  payout: Payout | null;
}
export type SubsidyApplicationForAdmin = SubsidyApplication &
  Omit<Sent<'SubsidyApplicationForAdmin'>, keyof ApplicationFields | 'document' | 'timeline' | 'payout'>;

export const applicationStatuses: readonly ApplicationStatus[] = [
  'submitted',
  'base_approved',
  'district_approved',
  'approved',
  'paid',
  'returned',
  'withdrawn',
];

export type NewApplication = RequestBody<'/api/v1/me/subsidy-applications', 'post'>;
export type ApplicationChanges = RequestBody<'/api/v1/me/subsidy-applications/{id}/resubmit', 'post'>;
export type ApplicationFilter = QueryParameters<'/api/v1/subsidy-applications'>;
export type PayoutInput = RequestBody<'/api/v1/subsidy-applications/{id}/payout', 'post'>;
export type PayoutListStatus = NonNullable<QueryParameters<'/api/v1/subsidy-rounds/{id}/payouts.xlsx'>['status']>;

export interface ApplicationPage {
  items: SubsidyApplicationForAdmin[];
  next_cursor: string | null;
}

export interface BulkApproveResult {
  approved: number;
  results: { id: string; status: ApplicationStatus | null; error: { code: string; message: string; field?: string } | null }[];
}

const documentTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
export const documentAccept = documentTypes.join(',');
export const documentMaxBytes = 5 * 1024 * 1024;

const id = (value: string) => encodeURIComponent(value);

// --- Documents -------------------------------------------------------------------------------

// Uploads an enrolment report (a PDF or a photo) as it is; the server tells its type by content.
export function uploadDocument(file: Blob): Promise<SubsidyDocument> {
  return post<SubsidyDocument>('/documents', undefined, { raw: { body: file, contentType: file.type || 'application/octet-stream' } });
}

// --- Member ----------------------------------------------------------------------------------

export async function listMemberRounds(): Promise<MemberSubsidyRound[]> {
  return (await get<{ items: MemberSubsidyRound[] }>('/me/subsidy-rounds')).items;
}

export async function listMyApplications(): Promise<SubsidyApplication[]> {
  return (await get<{ items: SubsidyApplication[] }>('/me/subsidy-applications')).items;
}

export function getMyApplication(applicationId: string): Promise<SubsidyApplication> {
  return get<SubsidyApplication>(`/me/subsidy-applications/${id(applicationId)}`);
}

export function applyForSubsidy(input: NewApplication, idempotencyKey?: string): Promise<SubsidyApplication> {
  return post<SubsidyApplication>('/me/subsidy-applications', input, { idempotencyKey });
}

export function resubmitApplication(applicationId: string, changes: ApplicationChanges): Promise<SubsidyApplication> {
  return post<SubsidyApplication>(`/me/subsidy-applications/${id(applicationId)}/resubmit`, changes);
}

export function withdrawApplication(applicationId: string): Promise<SubsidyApplication> {
  return post<SubsidyApplication>(`/me/subsidy-applications/${id(applicationId)}/withdraw`);
}

// --- Rounds (admins) -------------------------------------------------------------------------

export async function listRounds(): Promise<SubsidyRound[]> {
  return (await get<{ items: SubsidyRound[] }>('/subsidy-rounds')).items;
}

export function getRound(roundId: string): Promise<SubsidyRound> {
  return get<SubsidyRound>(`/subsidy-rounds/${id(roundId)}`);
}

export function createRound(input: NewSubsidyRound, idempotencyKey?: string): Promise<SubsidyRound> {
  return post<SubsidyRound>('/subsidy-rounds', input, { idempotencyKey });
}

export function updateRound(roundId: string, changes: SubsidyRoundInput): Promise<SubsidyRound> {
  return patch<SubsidyRound>(`/subsidy-rounds/${id(roundId)}`, changes);
}

export function openRound(roundId: string): Promise<SubsidyRound> {
  return post<SubsidyRound>(`/subsidy-rounds/${id(roundId)}/open`);
}

export function approveRound(roundId: string): Promise<SubsidyRound> {
  return post<SubsidyRound>(`/subsidy-rounds/${id(roundId)}/approve`);
}

export function bulkApprove(
  roundId: string,
  body: RequestBody<'/api/v1/subsidy-rounds/{id}/bulk-approve', 'post'>,
  idempotencyKey?: string,
): Promise<BulkApproveResult> {
  return post<BulkApproveResult>(`/subsidy-rounds/${id(roundId)}/bulk-approve`, body, { idempotencyKey });
}

export function downloadPayoutList(roundId: string, status: PayoutListStatus): Promise<DownloadedFile> {
  return download(`/subsidy-rounds/${id(roundId)}/payouts.xlsx`, { query: { status } });
}

// --- Applications (admins) -------------------------------------------------------------------

export function listApplications(filter: ApplicationFilter): Promise<ApplicationPage> {
  return get<ApplicationPage>('/subsidy-applications', { query: filter });
}

export function getApplication(applicationId: string): Promise<SubsidyApplicationForAdmin> {
  return get<SubsidyApplicationForAdmin>(`/subsidy-applications/${id(applicationId)}`);
}

// Where an application's enrolment document is served to its reviewers (same-origin: the
// console's session cookie goes along, so an <img> or a link opens it).
export function applicationDocumentUrl(applicationId: string): string {
  return `${apiBase}/subsidy-applications/${id(applicationId)}/document`;
}

// Where the member's own uploaded document is served (same-origin; the session cookie goes along).
export function myDocumentUrl(documentId: string): string {
  return `${apiBase}/documents/${id(documentId)}`;
}

export function approveApplication(applicationId: string, note: string, idempotencyKey?: string): Promise<SubsidyApplicationForAdmin> {
  const body: RequestBody<'/api/v1/subsidy-applications/{id}/approve', 'post'> = note ? { note } : {};
  return post<SubsidyApplicationForAdmin>(`/subsidy-applications/${id(applicationId)}/approve`, body, { idempotencyKey });
}

export function returnApplication(applicationId: string, reason: string): Promise<SubsidyApplicationForAdmin> {
  return post<SubsidyApplicationForAdmin>(`/subsidy-applications/${id(applicationId)}/return`, {
    reason,
  } satisfies RequestBody<'/api/v1/subsidy-applications/{id}/return', 'post'>);
}

export function recordPayout(applicationId: string, input: PayoutInput, idempotencyKey?: string): Promise<SubsidyApplicationForAdmin> {
  return post<SubsidyApplicationForAdmin>(`/subsidy-applications/${id(applicationId)}/payout`, input, { idempotencyKey });
}
