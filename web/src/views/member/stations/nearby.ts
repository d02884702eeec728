// Where the finder measures from and what it showed last: the phone's place (browser
// geolocation, WGS-84) or, without it, the centre of the stations; the last list is kept in
// localStorage so that it still shows offline.
import type { StationCard } from '@/api/stations';
import { distanceM, type LatLng } from '@/lib/geo';

export type PlaceSource = 'device' | 'centre';

export interface LastNearby {
  items: StationCard[];
  here: LatLng | null;
  source: PlaceSource;
}

const lastKey = 'gonghui.stations.last';

// The phone's place, or null when it is refused, unavailable or slow.
export function devicePlace(timeoutMs = 5000): Promise<LatLng | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = window.setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        window.clearTimeout(timer);
        resolve({ lat: position.coords.latitude, lng: position.coords.longitude });
      },
      () => {
        window.clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 5 * 60 * 1000 },
    );
  });
}

// The middle of the stations (WGS-84): the city centre the demo and most unions' stations surround.
export function centreOf(items: readonly StationCard[]): LatLng | null {
  if (items.length === 0) return null;
  const sum = items.reduce((acc, s) => ({ lat: acc.lat + s.coordinates.wgs84.lat, lng: acc.lng + s.coordinates.wgs84.lng }), {
    lat: 0,
    lng: 0,
  });
  return { lat: sum.lat / items.length, lng: sum.lng / items.length };
}

// The stations with their distance from `from`, nearest first.
export function byDistanceFrom(items: readonly StationCard[], from: LatLng): StationCard[] {
  return items
    .map((s) => ({ ...s, distance_m: Math.round(distanceM(from, s.coordinates.wgs84)) }))
    .sort((a, b) => a.distance_m - b.distance_m);
}

export function keepLast(last: LastNearby): void {
  try {
    window.localStorage.setItem(lastKey, JSON.stringify(last));
  } catch {
    // Storage full or disabled: nothing is kept for offline use.
  }
}

export function readLast(): LastNearby | null {
  try {
    const text = window.localStorage.getItem(lastKey);
    const last = text ? (JSON.parse(text) as LastNearby) : null;
    return last && Array.isArray(last.items) ? last : null;
  } catch {
    return null;
  }
}

// The service worker that keeps the finder's page and files for offline use; resolves once the
// files this page has loaded are kept (or at once where service workers are unavailable).
export async function keepPageOffline(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/stations-sw.js', { scope: '/stations' });
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (!worker) return;
    const urls = [
      window.location.pathname,
      '/stations',
      ...performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).origin === window.location.origin && new URL(url).pathname.startsWith('/assets/')),
    ];
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      worker.postMessage({ type: 'keep', urls }, [channel.port2]);
      window.setTimeout(resolve, 10000);
    });
  } catch {
    // No offline copy; the finder still works online.
  }
}
