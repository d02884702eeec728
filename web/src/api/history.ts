// 历史数据: past farm-aid events and purchases imported from CSV in batches, for the impact
// report. A dry run checks a file and counts it; an import writes all rows or none; a batch can
// be undone. Wire types come from openapi.yaml.
import { get, post, remove } from './client';
import type { Sent } from './wire';

export type HistoryRowError = Sent<'HistoryRowError'>;
export type HistoryYearTotals = Required<NonNullable<Sent<'HistoryTotals'>['by_year']>[number]>;
export type HistoryTotals = Omit<Sent<'HistoryTotals'>, 'by_year'> & { by_year: HistoryYearTotals[] };
export type HistoryImport = Omit<Sent<'HistoryImport'>, 'totals' | 'errors'> & { totals: HistoryTotals; errors: HistoryRowError[] };
export type HistoryBatch = Sent<'HistoryBatch'>;
export type HistoryRecord = Sent<'HistoryRecord'>;

export interface HistoryBatchPage {
  items: HistoryBatch[];
  next_cursor: string | null;
}

// Checks a CSV file (UTF-8) and, unless `dryRun`, imports it as one batch. A file with a bad row
// is refused with 400 import_invalid, its rows in the ApiError's `details` (see `historyRowErrors`).
export function importHistory(csv: Blob | string, fileName: string, dryRun: boolean, idempotencyKey?: string): Promise<HistoryImport> {
  return post<HistoryImport>('/history/imports', undefined, {
    query: { dry_run: dryRun, file_name: fileName },
    raw: { body: csv, contentType: 'text/csv; charset=utf-8' },
    idempotencyKey,
  });
}

export function listHistoryBatches(page: { limit: number; cursor?: string }): Promise<HistoryBatchPage> {
  return get<HistoryBatchPage>('/history/imports', { query: { limit: page.limit, cursor: page.cursor } });
}

export function undoHistoryBatch(id: string): Promise<HistoryBatch> {
  return remove<HistoryBatch>(`/history/imports/${encodeURIComponent(id)}`);
}

function isRowError(value: unknown): value is Record<string, unknown> & { row: number; code: string } {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return typeof row.row === 'number' && typeof row.code === 'string';
}

// The bad rows an import error lists.
export function historyRowErrors(details: unknown[]): HistoryRowError[] {
  return details.filter(isRowError).map((row) => ({
    row: row.row,
    column: typeof row.column === 'string' ? row.column : '',
    code: row.code as HistoryRowError['code'],
    message: typeof row.message === 'string' ? row.message : '',
    value: typeof row.value === 'string' ? row.value : '',
  }));
}
