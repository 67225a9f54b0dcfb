/**
 * The JSON API with a bearer token kept in sessionStorage (never in a URL, gone when the tab
 * closes), and its errors in plain words.
 */
import { loc, text } from './texts';

/** The bearer token of this console, kept for this tab only. */
export interface TokenStore {
  get(): string;
  set(value: string): void;
  clear(): void;
  /** When sessionStorage refuses (private mode), the token for this page's life. */
  memory: string;
}

export function tokenStore(key: string): TokenStore {
  return {
    get() {
      try {
        return sessionStorage.getItem(key) || '';
      } catch {
        return '';
      }
    },
    set(v) {
      try {
        sessionStorage.setItem(key, v);
      } catch {
        // private mode: kept in memory only
      }
      this.memory = v;
    },
    clear() {
      try {
        sessionStorage.removeItem(key);
      } catch {
        // ignore
      }
      this.memory = '';
    },
    memory: '',
  };
}

/** The `Authorization` header's value for the stored token. */
export function bearer(store: TokenStore): string {
  return `Bearer ${store.get() || store.memory}`;
}

interface ErrorBody {
  readonly error?: { readonly message?: unknown; readonly fields?: unknown };
}

export interface FieldProblem {
  readonly field?: unknown;
  readonly message?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const error = (body as ErrorBody | null)?.error;
    super(error?.message ? String(error.message) : `HTTP ${status}`);
  }

  /** The fields a 400 names (`{ field, message }`), if any. */
  get fields(): FieldProblem[] {
    const fields = (this.body as ErrorBody | null)?.error?.fields;
    return Array.isArray(fields) ? fields : [];
  }
}

/** Calls the API with the token; JSON in and out. Answers null when the body is not JSON. */
export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T | null>;

/** A 401 calls onUnauthorized (the console signs out). */
export function apiClient(store: TokenStore, onUnauthorized: () => void): Api {
  return <T>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: 'application/json', authorization: bearer(store) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    };
    return fetch(path, init).then(
      (res) => {
        const type = res.headers.get('content-type') || '';
        const read: Promise<unknown> = type.indexOf('json') >= 0 ? res.json().catch(() => null) : res.text();
        return read.then((data) => {
          if (res.status === 401) onUnauthorized();
          if (!res.ok) throw new ApiError(res.status, data);
          return data as T | null;
        });
      },
      () => {
        throw new ApiError(0, null);
      },
    );
  };
}

/** The status of an API error; undefined for anything else thrown. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.status : undefined;
}

const statusTexts: Readonly<Record<number, string>> = { 0: 'errNetwork', 400: 'err400', 401: 'err401', 404: 'err404', 409: 'err409' };

/** An API error in plain words, with the fields it names. */
export function errorText(error: unknown): string {
  const status = statusOf(error);
  const base = text((status !== undefined && statusTexts[status]) || 'errOther');
  const fields = error instanceof ApiError ? error.fields : [];
  const detail = fields.length
    ? fields.map((f) => `${loc(f.field)}: ${loc(f.message)}`).join('; ')
    : status && status !== 401
      ? loc((error as ApiError).message)
      : '';
  return detail ? `${base} (${detail})` : base;
}
