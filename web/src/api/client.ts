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
  // The Idempotency-Key of the user's action (see ActionKey), when the caller keeps it across
  // taps; a write without one gets a key made for this call, kept through its retries.
  idempotencyKey?: string;
  // Whether a write is sent again when its answer is lost (see `send`). Default: yes. Pass false
  // where the route does not keep its answer under the Idempotency-Key and doing it twice is
  // not harmless.
  retry?: boolean;
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

// Sends one request once and returns the answer when it is a success, else throws ApiError
// with the API's error code (status 0 when the server could not be reached).
async function sendOnce(method: HttpMethod, path: string, options: RequestOptions, accept: string): Promise<Response> {
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
  if (isErrorBody(payload)) {
    const { code, message, field, details } = payload.error;
    throw new ApiError(response.status, code, message ?? '', field, {
      details: Array.isArray(details) ? details : [],
      retryAfterSeconds: retryAfterSeconds(response),
    });
  }
  // No API error body: something in front of the server answered. A gateway error means the
  // server behind it could not be reached.
  const code = [502, 503, 504].includes(response.status) ? 'network_error' : response.status >= 500 ? 'server_error' : 'unknown';
  throw new ApiError(response.status, code, response.statusText, undefined, { retryAfterSeconds: retryAfterSeconds(response) });
}

// Sends one request to `/api/v1${path}` and returns the answer when it is a success, else
// throws ApiError with the API's error code.
//
// Writes and failover. Every write carries an Idempotency-Key: the caller's (one per user
// action, see ActionKey) or one made here for this call. Routes that create or move value keep
// their first answer under the key (api::idempotent_write on the server), so a write sent
// again with the same key is done at most once; routes that do not read the header ignore it
// (the server has no list of allowed headers), so sending it everywhere is harmless.
//
// When the answer is lost — the network failed, or a gateway answered 502/503/504 because the
// instance behind it died or is restarting — a write is sent again with the same key after a
// growing, jittered pause (about 0.3, 1, 2, 4 s; a 503's Retry-After when it gives one), for
// at most `retryBudgetMs`, then the last error is thrown as `network_unstable`. A 500 or any
// 4xx is an answer and is never repeated. Writes whose route ignores the key and whose repeat
// would not be harmless say `retry: false`. Sign-in retries too: it writes nothing but a
// session, and a session made by an attempt whose answer was lost never reaches the browser,
// so it is never used and expires (the repeat counts once more against the sign-in limit).
// Reads are not repeated: each page offers its own 重试 and says at once when the server is
// unreachable.
async function send(method: HttpMethod, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const write = method !== 'GET';
  const sent = write ? { ...options, idempotencyKey: options.idempotencyKey ?? newIdempotencyKey() } : options;
  const retries = write && options.retry !== false;
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await sendOnce(method, path, sent, accept);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const pause = retries && answerLost(error) ? retryPause(attempt, error) : undefined;
      if (pause === undefined || Date.now() - started + pause > retryBudgetMs) {
        if (isSignedOutError(error)) signedOutListener?.(error);
        throw attempt > 0 && answerLost(error) ? gaveUp(error) : error;
      }
      await wait(pause, options.signal);
    }
  }
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

// How long a write keeps being sent again while its answer is lost, from the first try.
const retryBudgetMs = 10_000;
// Pauses before the 1st, 2nd, … repeat of a write whose answer was lost.
const retryPausesMs = [300, 1000, 2000, 4000];

// Whether an error leaves it unknown if the write happened: nothing or a gateway answered.
function answerLost(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || [502, 503, 504].includes(error.status));
}

// The pause before repeat `attempt` (0 for the first), ±20 % so that many phones cut off by
// one failover do not all come back at the same instant; a 503's Retry-After when longer.
function retryPause(attempt: number, error: ApiError): number | undefined {
  const base = retryPausesMs[attempt];
  if (base === undefined) return undefined;
  const jittered = Math.round(base * (0.8 + Math.random() * 0.4));
  const asked = error.status === 503 && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
  return Math.max(jittered, asked);
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

// The error a write ends with after its repeats all went unanswered.
function gaveUp(last: ApiError): ApiError {
  return new ApiError(last.status, 'network_unstable', last.message);
}

// The Idempotency-Key of one user action (a claim, a check-in): made at the first tap and kept,
// through the client's repeats and any further taps, until the action is answered, so that a
// member who taps again after "网络不稳定" gets the first tap's result instead of a second
// voucher. Success or a refusal (a 4xx) drops it; the next tap is a new action. A tap with other
// contents (another ticket count) is another action and gets a fresh key. Anything else (no
// answer, a server error) keeps the key for the next tap.
export class ActionKey {
  private pending: { key: string; contents: string } | null = null;

  // Runs `write` with this action's key for `contents` (whatever identifies what is sent).
  async run<T>(contents: unknown, write: (idempotencyKey: string) => Promise<T>): Promise<T> {
    const text = JSON.stringify(contents) ?? '';
    if (!this.pending || this.pending.contents !== text) this.pending = { key: newIdempotencyKey(), contents: text };
    const { key } = this.pending;
    try {
      const answer = await write(key);
      this.settle(key);
      return answer;
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.settle(key);
      throw error;
    }
  }

  private settle(key: string): void {
    if (this.pending?.key === key) this.pending = null;
  }
}
