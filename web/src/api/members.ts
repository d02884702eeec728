// Members of the administered subtree: list, read, add, edit, move, reset a password, import
// a CSV roster and export the filtered list.
// Wire types: Member, the list's filters and the request bodies come from openapi.yaml; the
// roster import's answer and its bad rows are described there only in prose, so RosterImported
// and RosterProblem are written here.
import { download, get, patch, post, type DownloadedFile } from './client';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type Member = Sent<'Member'>;
export type MemberStatus = Member['status'];

// `q`: a prefix of the name, mobile number or union card number; `org_id`: a union, its
// members and those of every union under it.
export type MemberFilter = Omit<QueryParameters<'/api/v1/members'>, 'limit' | 'cursor'>;

export interface MemberPage {
  items: Member[];
  next_cursor: string | null;
}

export type NewMember = RequestBody<'/api/v1/members', 'post'>;
export type MemberChanges = RequestBody<'/api/v1/members/{id}', 'patch'>;

// One bad row of a roster, as the import reports it: `code` says what is wrong and the
// values say with what, so that the console words it in its own language (`message` is the
// server's English). `value` is the text at fault as written; `other_line` the line that has
// the same phone or card number first; the column counts are those of a row of the wrong width.
export interface RosterProblem {
  line: number;
  field: string;
  code: string;
  message: string;
  value: string;
  other_line: number | null;
  expected_columns: number | null;
  found_columns: number | null;
}

export interface RosterImported {
  rows: number;
  created: number;
}

// Drops empty filters, so they are not sent as `?q=`.
function filterQuery(filter: MemberFilter) {
  return {
    q: filter.q?.trim() || undefined,
    org_id: filter.org_id || undefined,
    status: filter.status || undefined,
  };
}

export function listMembers(filter: MemberFilter, page: { limit: number; cursor?: string }): Promise<MemberPage> {
  return get<MemberPage>('/members', { query: { ...filterQuery(filter), limit: page.limit, cursor: page.cursor } });
}

export function getMember(id: string): Promise<Member> {
  return get<Member>(`/members/${encodeURIComponent(id)}`);
}

export function createMember(input: NewMember, idempotencyKey?: string): Promise<Member> {
  return post<Member>('/members', input, { idempotencyKey });
}

export function updateMember(id: string, changes: MemberChanges): Promise<Member> {
  return patch<Member>(`/members/${encodeURIComponent(id)}`, changes);
}

// Moves a member to another base union.
export function moveMember(id: string, orgId: string): Promise<Member> {
  return post<Member>(`/members/${encodeURIComponent(id)}/move`, {
    org_id: orgId,
  } satisfies RequestBody<'/api/v1/members/{id}/move', 'post'>);
}

// Gives the member a one-time password, answered only this once.
export async function resetMemberPassword(id: string): Promise<string> {
  return (await post<{ temporary_password: string }>(`/members/${encodeURIComponent(id)}/password-reset`)).temporary_password;
}

// Imports a CSV roster (UTF-8): all rows or, with 422 import_invalid, none; the ApiError's
// `details` then lists every bad row (see `rosterProblems`). Not repeated when the answer is
// lost: the route keeps no answer under the Idempotency-Key.
export function importRoster(csv: Blob | string): Promise<RosterImported> {
  return post<RosterImported>('/members/import', undefined, { raw: { body: csv, contentType: 'text/csv; charset=utf-8' }, retry: false });
}

function isRosterProblem(value: unknown): value is RosterProblem {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.line === 'number' && typeof row.code === 'string';
}

// The bad rows an import error lists, in the form the API gives them.
export function rosterProblems(details: unknown[]): RosterProblem[] {
  return details.filter(isRosterProblem).map((row) => ({
    line: row.line,
    field: typeof row.field === 'string' ? row.field : '',
    code: row.code,
    message: typeof row.message === 'string' ? row.message : '',
    value: typeof row.value === 'string' ? row.value : '',
    other_line: typeof row.other_line === 'number' ? row.other_line : null,
    expected_columns: typeof row.expected_columns === 'number' ? row.expected_columns : null,
    found_columns: typeof row.found_columns === 'number' ? row.found_columns : null,
  }));
}

// The filtered member list as a CSV file.
export function exportMembers(filter: MemberFilter): Promise<DownloadedFile> {
  return download('/members/export.csv', { query: filterQuery(filter) });
}
