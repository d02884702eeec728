// Coordinates for Chinese map apps: WGS-84 (GPS, browsers' geolocation, what the server stores),
// GCJ-02 (AMap 高德, Tencent 腾讯, Apple Maps in China) and BD-09 (Baidu 百度), and the links that
// open a place in each app. The same published formulas as the server's src/core/geo.cpp, so
// both give the same numbers; outside China's box GCJ-02 and BD-09 equal WGS-84.

export interface LatLng {
  lat: number;
  lng: number;
}

export type CoordSystem = 'wgs84' | 'gcj02' | 'bd09';

/** A station's `coordinates` as the server sends them: one point per system. */
export interface PlaceCoordinates {
  wgs84?: LatLng;
  gcj02?: LatLng;
  bd09?: LatLng;
}

const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.006693421622965943;
const BAIDU_X_PI = (Math.PI * 3000.0) / 180.0;

function shiftLat(x: number, y: number): number {
  let out = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  out += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  out += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  out += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320.0 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return out;
}

function shiftLng(x: number, y: number): number {
  let out = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  out += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  out += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  out += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return out;
}

// The GCJ-02 offset in degrees at a WGS-84 point.
function offset(p: LatLng): LatLng {
  const radLat = (p.lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(p.lng - 105.0, p.lat - 35.0) * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (shiftLng(p.lng - 105.0, p.lat - 35.0) * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: dLat, lng: dLng };
}

/** Whether the GCJ-02 shift applies at the point (the box around China the formulas define). */
export function inShiftArea(p: LatLng): boolean {
  return p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (!inShiftArea(p)) return { lat: p.lat, lng: p.lng };
  const d = offset(p);
  return { lat: p.lat + d.lat, lng: p.lng + d.lng };
}

/** GCJ-02 back to WGS-84 (a point picked on an AMap map): no closed form, solved by iteration. */
export function gcj02ToWgs84(g: LatLng): LatLng {
  if (!inShiftArea(g)) return { lat: g.lat, lng: g.lng };
  const first = offset(g);
  const w = { lat: g.lat - first.lat, lng: g.lng - first.lng };
  for (let i = 0; i < 30; ++i) {
    const back = wgs84ToGcj02(w);
    const eLat = g.lat - back.lat;
    const eLng = g.lng - back.lng;
    w.lat += eLat;
    w.lng += eLng;
    if (Math.abs(eLat) < 1e-12 && Math.abs(eLng) < 1e-12) break;
  }
  return w;
}

export function gcj02ToBd09(g: LatLng): LatLng {
  const x = g.lng;
  const y = g.lat;
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * BAIDU_X_PI);
  const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * BAIDU_X_PI);
  return { lat: z * Math.sin(theta) + 0.006, lng: z * Math.cos(theta) + 0.0065 };
}

export function bd09ToGcj02(b: LatLng): LatLng {
  const x = b.lng - 0.0065;
  const y = b.lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * BAIDU_X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * BAIDU_X_PI);
  return { lat: z * Math.sin(theta), lng: z * Math.cos(theta) };
}

/** A WGS-84 point in the given system. */
export function fromWgs84(p: LatLng, system: CoordSystem): LatLng {
  if (system === 'gcj02') return wgs84ToGcj02(p);
  if (system === 'bd09') return gcj02ToBd09(wgs84ToGcj02(p));
  return { lat: p.lat, lng: p.lng };
}

/** A point in the given system as WGS-84. */
export function toWgs84(p: LatLng, system: CoordSystem): LatLng {
  if (system === 'gcj02') return gcj02ToWgs84(p);
  if (system === 'bd09') return gcj02ToWgs84(bd09ToGcj02(p));
  return { lat: p.lat, lng: p.lng };
}

/** Great-circle distance in metres (haversine, mean Earth radius), as the server computes it. */
export function distanceM(a: LatLng, b: LatLng): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function isLatLng(value: unknown): value is LatLng {
  const p = value as LatLng | null;
  return !!p && typeof p.lat === 'number' && typeof p.lng === 'number';
}

/** All three systems for a place given as WGS-84 or as the server's `coordinates` (preferred as sent). */
export function placeCoordinates(place: LatLng | PlaceCoordinates): Required<PlaceCoordinates> {
  if (isLatLng(place)) {
    const gcj02 = wgs84ToGcj02(place);
    return { wgs84: { lat: place.lat, lng: place.lng }, gcj02, bd09: gcj02ToBd09(gcj02) };
  }
  const wgs84 = place.wgs84 ?? (place.gcj02 ? gcj02ToWgs84(place.gcj02) : toWgs84(place.bd09 ?? { lat: 0, lng: 0 }, 'bd09'));
  const gcj02 = place.gcj02 ?? wgs84ToGcj02(wgs84);
  return { wgs84, gcj02, bd09: place.bd09 ?? gcj02ToBd09(gcj02) };
}

export type MapApp = 'amap' | 'tencent' | 'baidu' | 'apple';

export interface NavigationLink {
  app: MapApp;
  url: string;
}

/** Links that open the place in each map app (web URLs the apps take over on a phone). */
export function navigationLinks(place: LatLng | PlaceCoordinates, name: string): NavigationLink[] {
  const { gcj02, bd09 } = placeCoordinates(place);
  const q = encodeURIComponent(name);
  return [
    {
      app: 'amap',
      url: `https://uri.amap.com/marker?position=${gcj02.lng},${gcj02.lat}&name=${q}&coordinate=gaode`,
    },
    {
      app: 'tencent',
      url: `https://apis.map.qq.com/uri/v1/marker?marker=coord:${gcj02.lat},${gcj02.lng};title:${q}`,
    },
    {
      app: 'baidu',
      url: `https://api.map.baidu.com/marker?location=${bd09.lat},${bd09.lng}&title=${q}&coord_type=bd09ll&output=html`,
    },
    { app: 'apple', url: `https://maps.apple.com/?ll=${gcj02.lat},${gcj02.lng}&q=${q}` },
  ];
}
