// How job pages say pay, distance and errors, in the current language.
import { ApiError, describeError } from '@/api/client';
import type { JobCard, PayUnit } from '@/api/jobs';
import { currentLocale, i18n } from '@/locales';

// Whole yuan with thousands separators (450000 fen → 4,500); cents only when there are some.
function yuan(fen: number): string {
  return (fen / 100).toLocaleString(currentLocale(), { maximumFractionDigits: 2 });
}

// A job's pay as every card shows it: 4,500–6,000 元/月, 300–380 元/天 (one figure when the
// range is a single amount).
export function formatPay(job: Pick<JobCard, 'pay_min_fen' | 'pay_max_fen' | 'pay_unit'>): string {
  const { t } = i18n.global;
  const unit = t(`jobSeeker.unitWords.${job.pay_unit}`);
  if (job.pay_min_fen === job.pay_max_fen) return t('jobSeeker.payOne', { min: yuan(job.pay_min_fen), unit });
  return t('jobSeeker.pay', { min: yuan(job.pay_min_fen), max: yuan(job.pay_max_fen), unit });
}

// A minimum pay of an alert: 不低于 5,000 元/月.
export function formatMinPay(fen: number, unit: PayUnit | null | undefined): string {
  const { t } = i18n.global;
  if (!unit) return t('jobSeeker.alerts.minPayAny', { pay: yuan(fen) });
  return t('jobSeeker.alerts.minPay', { pay: yuan(fen), unit: t(`jobSeeker.unitWords.${unit}`) });
}

// Metres from the member as 距我 3.2 公里 (one decimal; at least 0.1).
export function formatDistance(metres: number): string {
  const km = Math.max(0.1, Math.round(metres / 100) / 10);
  return i18n.global.t('jobSeeker.distance', { km: km.toLocaleString(currentLocale()) });
}

// An error on a job page: codes shared with other pages but meant otherwise here
// (already_applied is also the subsidy's) get the job words.
export function describeJobError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'already_applied') return i18n.global.t('jobSeeker.alreadyApplied');
  return describeError(error);
}
