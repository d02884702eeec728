// 户外劳动者服务站: finding stations near a place (anyone), checking in by a station's QR,
// rating the visit and reporting a problem; the console's stations, imports and problem queue;
// the map tile source. Wire types from openapi.yaml.
import { get, post, put, request } from './client';
import type { QueryParameters, RequestBody, Sent } from './wire';

export type StationHours = Sent<'StationHours'>;
export type StationCoordinates = Record<'wgs84' | 'gcj02' | 'bd09', Required<Sent<'Coordinates'>>>;
export type StationCard = Omit<Sent<'StationCard'>, 'coordinates' | 'hours'> & { coordinates: StationCoordinates; hours: StationHours };
export type StationAdmin = Omit<Sent<'StationAdmin'>, 'coordinates' | 'hours'> & { coordinates: StationCoordinates; hours: StationHours };
export type StationInput = RequestBody<'/api/v1/stations', 'post'>;
export type StationAmenity = Sent<'StationCard'>['amenities'][number];
export type StationCheckIn = Sent<'StationCheckIn'>;
export type StationProblem = Sent<'StationProblem'>;
export type StationProblemKind = StationProblem['kind'];
export type StationProblemStatus = StationProblem['status'];
export type StationProblemReceipt = Sent<'StationProblemReceipt'>;
export type StationImportRowError = Sent<'StationImportRowError'>;
export type StationImport = Omit<Sent<'StationImport'>, 'errors'> & { errors: StationImportRowError[] };
export type StationQuery = QueryParameters<'/api/v1/stations'>;
export type ProblemReport = RequestBody<'/api/v1/stations/{id}/problems', 'post'>;

export const stationAmenities: StationAmenity[] = [
  'air_conditioning',
  'drinking_water',
  'microwave',
  'seating',
  'toilet',
  'first_aid',
  'charging',
  'wifi',
  'fridge',
  'rain_gear',
  'books',
  'repair_tools',
];

export const problemKinds: StationProblemKind[] = ['closed', 'air_conditioning', 'water', 'power', 'cleanliness', 'facilities', 'other'];

export interface MapSettings {
  tiles_url: string;
  subdomains: string;
  coord_system: 'gcj02' | 'wgs84';
  attribution: string;
}

export interface StationList {
  items: StationCard[];
  now: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export function getMapSettings(): Promise<MapSettings> {
  return get<MapSettings>('/settings/map');
}

export function findStations(query: StationQuery): Promise<StationList> {
  return get<StationList>('/stations', { query });
}

export function getStation(id: string, near?: { lat: number; lng: number } | null): Promise<StationCard> {
  return get<StationCard>(`/stations/${id}`, { query: near ? { lat: near.lat, lng: near.lng } : {} });
}

export function checkIn(id: string, code: string): Promise<StationCheckIn> {
  return post<StationCheckIn>(`/stations/${id}/check-ins`, { code });
}

export function rateVisit(
  checkInId: string,
  token: string,
  stars: number,
  comment: string,
): Promise<{ rating: number; rating_count: number }> {
  return put(`/station-check-ins/${checkInId}/rating`, { token, stars, comment });
}

export function reportProblem(id: string, report: ProblemReport): Promise<StationProblemReceipt> {
  return post<StationProblemReceipt>(`/stations/${id}/problems`, report);
}

export function listStations(query: QueryParameters<'/api/v1/stations/manage'>): Promise<Page<StationAdmin>> {
  return get<Page<StationAdmin>>('/stations/manage', { query });
}

export function getStationForAdmin(id: string): Promise<StationAdmin> {
  return get<StationAdmin>(`/stations/${id}/manage`);
}

export function createStation(input: StationInput, idempotencyKey?: string): Promise<StationAdmin> {
  return post<StationAdmin>('/stations', input, { idempotencyKey });
}

export function updateStation(id: string, input: StationInput): Promise<StationAdmin> {
  return put<StationAdmin>(`/stations/${id}`, input);
}

export function importStations(
  csv: Blob | string,
  options: { dryRun: boolean; fileName: string; idempotencyKey?: string },
): Promise<StationImport> {
  return request<StationImport>('POST', '/stations/imports', {
    query: { dry_run: options.dryRun, file_name: options.fileName },
    raw: { body: csv, contentType: 'text/csv' },
    idempotencyKey: options.idempotencyKey,
  });
}

export function listProblems(query: QueryParameters<'/api/v1/station-problems'>): Promise<Page<StationProblem>> {
  return get<Page<StationProblem>>('/station-problems', { query });
}

export function handleProblem(id: string, step: 'confirm' | 'fix' | 'dismiss', note: string): Promise<StationProblem> {
  return post<StationProblem>(`/station-problems/${id}/${step}`, { note });
}

// --- Figures (admins) --------------------------------------------------------------------------

export type StationFigures = Omit<Sent<'StationFigures'>, 'by_org'> & { by_org: StationOrgFigures[] };
export type StationOrgFigures = Required<NonNullable<Sent<'StationFigures'>['by_org']>[number]>;

// The figures of the admin's subtree (or org_id's) for [from, to); the last 30 days by default.
export function getStationFigures(query: QueryParameters<'/api/v1/stations/figures'> = {}): Promise<StationFigures> {
  return get<StationFigures>('/stations/figures', { query });
}
