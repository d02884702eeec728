// The columns of the records drawer's table for each type of record: the label's key under
// consoleReport.records, the column's props (width, alignment, tooltip) and the text of a cell (a
// link where `to` is given, a tag where `tag` is set).
import type { RouteLocationRaw } from 'vue-router';
import type { ImpactRecordPage, ImpactRecordType } from '@/api/reports';

export interface RecordColumn<Row> {
  label: string;
  attrs: { width?: number; minWidth?: number; align?: 'right'; showOverflowTooltip?: boolean };
  // Method signatures, so a table of one type of record is a table of records.
  text(row: Row): string;
  to?(row: Row): RouteLocationRaw;
  // The text is shown as a tag (the 导入 mark of imported history rows).
  tag?: boolean;
}

export type RecordOf<Type extends ImpactRecordType> = Extract<ImpactRecordPage, { type: Type }>['items'][number];

export type RecordColumns = { [Type in ImpactRecordType]: RecordColumn<RecordOf<Type>>[] };
