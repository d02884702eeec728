// The audit log of admin writes, newest first, with filters and paging.
import { get } from './client';

export interface AuditEntry {
  seq: string;
  id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  // What was done, as `<target type>.<verb>`: member.update, org.move, …
  action: string;
  target_type: string;
  target_id: string;
  org_id: string;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditFilter {
  // A prefix of the action: `member.` finds every member change.
  action?: string;
  target_type?: string;
  target_id?: string;
  actor_id?: string;
  // RFC 3339 times; `from` is inclusive, `to` exclusive.
  from?: string;
  to?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  next_cursor: string | null;
}

export function listAudit(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<AuditPage> {
  const query = {
    action: filter.action?.trim() || undefined,
    target_type: filter.target_type?.trim() || undefined,
    target_id: filter.target_id?.trim() || undefined,
    actor_id: filter.actor_id?.trim() || undefined,
    from: filter.from || undefined,
    to: filter.to || undefined,
    limit: page.limit,
    cursor: page.cursor,
  };
  return get<AuditPage>('/audit', { query });
}
