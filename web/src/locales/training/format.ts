// How training pages say an error and a session's time, in the current language.
import { describeError, ApiError } from '@/api/client';
import { i18n } from '@/locales';
import { formatDateMinute, formatSlot } from '../format';

// The words for an error on a training page: where a code means something else here than on
// the campaign pages (not_open, not_eligible, already_drawn …), `trainingErrors.<code>`; else
// `errors.<code>` as everywhere.
export function describeTrainingError(error: unknown): string {
  const { t, te } = i18n.global;
  if (error instanceof ApiError) {
    // A recent no-show bars fair-draw applications until a time the error names.
    const until = (error.details[0] as { barred_until?: unknown } | undefined)?.barred_until;
    if (error.code === 'barred' && typeof until === 'string') return t('trainingErrors.barredUntil', { time: formatDateMinute(until) });
    const key = `trainingErrors.${error.code}`;
    if (te(key)) return t(key);
  }
  return describeError(error);
}

// A session's day and hours in Beijing time (the place is in China), e.g. 12/09 14:00–16:00.
export function formatSession(session: { starts_at: string; ends_at: string }): string {
  return formatSlot(session.starts_at, session.ends_at);
}
