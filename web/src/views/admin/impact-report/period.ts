// The period a report page shows lives in its URL query (?org_id=&from=&to=), so every view of
// the report can be linked to, bookmarked and opened again as it was.
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { defaultReportFrom, reportToday, type ImpactPeriod } from '@/api/reports';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function text(value: LocationQuery[string] | undefined): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function day(value: LocationQuery[string] | undefined): string | undefined {
  const candidate = text(value);
  return candidate && dayPattern.test(candidate) ? candidate : undefined;
}

// The period named by a URL query; what it leaves out is the default: the admin's own union,
// from 2021-01-01 through today.
export function periodFromQuery(query: LocationQuery): ImpactPeriod {
  return { org_id: text(query.org_id), from: day(query.from) ?? defaultReportFrom, to: day(query.to) ?? reportToday() };
}

// The URL query of a period.
export function queryOfPeriod(period: ImpactPeriod): LocationQueryRaw {
  return { org_id: period.org_id || undefined, from: period.from, to: period.to };
}

// One string per period, to tell whether two periods are the same.
export function periodKey(period: ImpactPeriod): string {
  return `${period.org_id ?? ''}|${period.from}|${period.to}`;
}

// The periods offered with one click: the 14th five-year plan (2021–2025), this calendar year to
// today and last calendar year, as days of the report's calendar.
export type PeriodPreset = 'fiveYearPlan' | 'thisYear' | 'lastYear';

export const periodPresets: readonly PeriodPreset[] = ['fiveYearPlan', 'thisYear', 'lastYear'];

export function presetDays(preset: PeriodPreset, today: string = reportToday()): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  if (preset === 'fiveYearPlan') return { from: defaultReportFrom, to: '2025-12-31' };
  if (preset === 'thisYear') return { from: `${year}-01-01`, to: today };
  return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
}
