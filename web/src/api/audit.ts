// The audit log of admin writes, newest first, with filters and paging.
// Wire types: AuditEntry and the filters come from openapi.yaml.
import { get } from './client';
import type { QueryParameters, Sent } from './wire';

// `action` tells what was done, as `<target type>.<verb>`: member.update, org.move, …
export type AuditEntry = Sent<'AuditEntry'>;

// `action` is a prefix (`member.` finds every member change); `from` and `to` are RFC 3339
// times, `from` inclusive and `to` exclusive.
export type AuditFilter = Omit<QueryParameters<'/api/v1/audit'>, 'limit' | 'cursor'>;

export interface AuditPage {
  items: AuditEntry[];
  next_cursor: string | null;
}

export function listAudit(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<AuditPage> {
  const query: QueryParameters<'/api/v1/audit'> = {
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
