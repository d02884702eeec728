// How station pages say an error, a distance and opening hours, in the current language.
import { ApiError, describeError } from '@/api/client';
import type { StationHours } from '@/api/stations';
import { i18n } from '@/locales';

// `stationErrors.<code>` where a code means something else here than elsewhere, else `errors.<code>`.
export function describeStationError(error: unknown): string {
  const { t, te } = i18n.global;
  if (error instanceof ApiError) {
    const key = `stationErrors.${error.code}`;
    if (te(key)) return t(key);
  }
  return describeError(error);
}

// 350 米, 1.2 公里.
export function formatDistance(metres: number | null | undefined): string {
  const { t } = i18n.global;
  if (metres === null || metres === undefined) return '';
  if (metres < 1000) return t('stations.metres', { n: Math.round(metres / 10) * 10 });
  return t('stations.kilometres', { n: (metres / 1000).toFixed(1) });
}

export function formatHours(hours: StationHours): string {
  const { t } = i18n.global;
  if (hours.always_open) return t('stations.alwaysOpen');
  const overnight = hours.closes <= hours.opens;
  return t(overnight ? 'stations.hoursOvernight' : 'stations.hoursRange', { opens: hours.opens, closes: hours.closes });
}
