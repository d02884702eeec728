// The one request client for the JSON API: cookie or bearer auth, CSRF header, the
// Accept-Language of the current locale, and one error type with one way to show it.
import { currentLocale, i18n } from '@/locales';

export const apiBase = '/api/v1';
const csrfCookie = 'gonghui_csrf';

// An error answered by the API ({"error":{"code","message","field"}}) or met on the way.
// `code` is stable; `status` is 0 when the server could not be reached at all.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
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

function isErrorBody(value: unknown): value is { error: { code: string; message?: string; field?: string } } {
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

// Sends one request to `/api/v1${path}` and returns the parsed JSON body, or throws ApiError.
export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
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
  let body: string | undefined;
  if (options.body !== undefined) {
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

  const payload = await parseBody(response);
  if (response.ok) return payload as T;
  if (isErrorBody(payload)) {
    const { code, message, field } = payload.error;
    throw new ApiError(response.status, code, message ?? '', field);
  }
  // No API error body: something in front of the server answered. A gateway error means the
  // server behind it could not be reached.
  const code = [502, 503, 504].includes(response.status) ? 'network_error' : response.status >= 500 ? 'server_error' : 'unknown';
  throw new ApiError(response.status, code, response.statusText);
}

export const get = <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  request<T>('POST', path, { ...options, body });
export const put = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  request<T>('PUT', path, { ...options, body });
export const patch = <T>(path: string, body?: unknown, options?: RequestOptions) =>
  request<T>('PATCH', path, { ...options, body });
export const remove = <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options);

// The words to show for an error, in the user's language: `errors.<code>` when the UI knows
// the code, else the server's own message (already in the Accept-Language we sent).
export function describeError(error: unknown): string {
  const { t, te } = i18n.global;
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (te(key)) return t(key);
    if (error.message) return error.message;
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
