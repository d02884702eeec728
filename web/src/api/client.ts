// The one request client for the JSON API: cookie or bearer auth, CSRF header, the
// Accept-Language of the current locale, and one error type with one way to show it.
import { currentLocale, i18n } from '@/locales';
import type { components } from './schema';

export const apiBase = '/api/v1';
const csrfCookie = 'gonghui_csrf';

// An error answered by the API ({"error":{"code","message","field","details"}}) or met on the
// way. `code` is stable; `status` is 0 when the server could not be reached at all.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  // Further items some errors carry, such as every bad row of a roster import.
  readonly details: unknown[];
  // Seconds the server asked to wait (the Retry-After header of a 429 or 503), if it said.
  readonly retryAfterSeconds?: number;

  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    extra: { details?: unknown[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = extra.details ?? [];
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

const signedOutCodes = new Set(['unauthenticated', 'session_invalid', 'session_expired']);

// Whether an error means the caller is not (or no longer) signed in.
export function isSignedOutError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401 && signedOutCodes.has(error.code);
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  // Sent as JSON.
  body?: unknown;
  // Sent as it is, with its own Content-Type (a CSV roster, say), instead of a JSON body.
  raw?: { body: Blob | string; contentType: string };
  headers?: Record<string, string>;
  // For writes that create or move value: retrying with the same key does nothing twice.
  idempotencyKey?: string;
  signal?: AbortSignal;
}

let bearerToken: string | null = null;

// Sets the bearer token sent with every request, or null to rely on the session cookie.
export function setBearerToken(token: string | null): void {
  bearerToken = token;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const text = search.toString();
  return `${apiBase}${path}${text ? `?${text}` : ''}`;
}

// The API's error body (openapi.yaml's Error), whose code is always there.
interface ErrorBody {
  error: NonNullable<components['schemas']['Error']['error']> & { code: string };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// Seconds from a Retry-After header: a number of seconds or an HTTP date.
function retryAfterSeconds(response: Response): number | undefined {
  const value = response.headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

type SignedOutListener = (error: ApiError) => void;
let signedOutListener: SignedOutListener | null = null;

// Each app installs what happens when a request finds the session gone (expired, signed out
// elsewhere): typically back to its sign-in page.
export function setSignedOutListener(listener: SignedOutListener | null): void {
  signedOutListener = listener;
}

// Sends one request to `/api/v1${path}` and returns the answer when it is a success, else
// throws ApiError with the API's error code.
async function send(method: HttpMethod, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: accept,
    'Accept-Language': currentLocale(),
    ...options.headers,
  };
  if (bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
  if (method !== 'GET') {
    // Cookie-authenticated writes must echo the session's CSRF token.
    const csrf = readCookie(csrfCookie);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let body: Blob | string | undefined;
  if (options.raw) {
    body = options.raw.body;
    headers['Content-Type'] = options.raw.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.ok) return response;

  const payload = await parseBody(response);
  let error: ApiError;
  if (isErrorBody(payload)) {
    const { code, message, field, details } = payload.error;
    error = new ApiError(response.status, code, message ?? '', field, {
      details: Array.isArray(details) ? details : [],
      retryAfterSeconds: retryAfterSeconds(response),
    });
  } else {
    // No API error body: something in front of the server answered. A gateway error means the
    // server behind it could not be reached.
    const code = [502, 503, 504].includes(response.status) ? 'network_error' : response.status >= 500 ? 'server_error' : 'unknown';
    error = new ApiError(response.status, code, response.statusText);
  }
  if (isSignedOutError(error)) signedOutListener?.(error);
  throw error;
}

// Sends one request to `/api/v1${path}` and returns the parsed JSON body, or throws ApiError.
export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  return (await parseBody(response)) as T;
}

// A file the API answers with (a CSV export, say) and the name the server suggests for it.
export interface DownloadedFile {
  blob: Blob;
  filename?: string;
}

function filenameOf(response: Response): string | undefined {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

// Fetches a file from `/api/v1${path}` (with the same auth and errors as `request`).
export async function download(path: string, options: Omit<RequestOptions, 'body' | 'raw'> = {}): Promise<DownloadedFile> {
  const response = await send('GET', path, options, '*/*');
  return { blob: await response.blob(), filename: filenameOf(response) };
}

export const get = <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body });
export const put = <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body });
export const patch = <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body });
export const remove = <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options);

// A wait in words: seconds under two minutes, else whole minutes (rounded up).
function describeWait(seconds: number): string {
  const { t } = i18n.global;
  if (seconds < 120) return t('time.seconds', { count: seconds });
  return t('time.minutes', { count: Math.ceil(seconds / 60) });
}

// The words to show for an error, in the user's language: `errors.<code>` when the UI knows
// the code, else the server's own message (already in the Accept-Language we sent); then how
// long to wait when the server said so.
export function describeError(error: unknown): string {
  const { t, te } = i18n.global;
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    const text = te(key) ? t(key) : error.message || t('errors.unknown');
    if (error.retryAfterSeconds) return `${text}${t('errors.retryAfter', { wait: describeWait(error.retryAfterSeconds) })}`;
    return text;
  }
  return t('errors.unknown');
}

type ErrorPresenter = (message: string) => void;
let presentError: ErrorPresenter = (message) => console.error(message);

// Each app installs how it shows an error: a Vant toast in the H5, ElMessage in the consoles.
export function setErrorPresenter(presenter: ErrorPresenter): void {
  presentError = presenter;
}

// Shows an error to the user the one consistent way.
export function showError(error: unknown): void {
  presentError(describeError(error));
}

// A fresh Idempotency-Key. (crypto.randomUUID needs a secure context; a self-hosted server on
// plain http inside a union's network is not one, but getRandomValues works everywhere.)
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
