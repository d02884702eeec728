// How the 就业服务 consoles write pay: a range of yuan per month or per day, e.g.
// "4,500–6,000 元/月" (whole yuan without cents, integer arithmetic on fen).
import type { JobCard } from '@/api/jobConsole';
import { currentLocale, i18n } from '@/locales';

function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString(currentLocale());
  const cents = fen % 100;
  return cents === 0 ? whole : `${whole}.${String(cents).padStart(2, '0')}`;
}

export function formatPay(job: Pick<JobCard, 'pay_min_fen' | 'pay_max_fen' | 'pay_unit'>): string {
  const range = job.pay_min_fen === job.pay_max_fen ? yuan(job.pay_min_fen) : `${yuan(job.pay_min_fen)}–${yuan(job.pay_max_fen)}`;
  return `${range} ${i18n.global.t(`employer.payUnits.${job.pay_unit}`)}`;
}

// Yuan as typed in a form (at most two decimals) as integer fen.
export function fenOfYuan(value: number | null | undefined): number {
  return Math.round((value ?? 0) * 100);
}
