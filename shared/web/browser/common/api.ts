/**
 * The JSON API with a bearer token kept in sessionStorage (never in a URL, gone when the tab
 * closes), and its errors in plain words.
 */
import { errorMessage } from './error-words';
import { LANG, text } from './texts';

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
  readonly error?: { readonly code?: unknown; readonly message?: unknown; readonly fields?: unknown };
}

export interface FieldProblem {
  readonly field?: unknown;
  readonly message?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** A 429's `Retry-After`, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    const error = (body as ErrorBody | null)?.error;
    super(error?.message ? String(error.message) : `HTTP ${status}`);
  }

  /** The error's `code` (`VALIDATION_FAILED`, `WISH_TAKEN`, …), if the body has one. */
  get code(): string | undefined {
    const code = (this.body as ErrorBody | null)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  }

  /** The server's own message, if the body has one. */
  get serverMessage(): string | undefined {
    const message = (this.body as ErrorBody | null)?.error?.message;
    return typeof message === 'string' ? message : undefined;
  }

  /** The fields a 400 names (`{ field, message }`), if any. */
  get fields(): FieldProblem[] {
    const fields = (this.body as ErrorBody | null)?.error?.fields;
    return Array.isArray(fields) ? fields : [];
  }
}

/**
 * Calls the API with the token; JSON in and out. Answers null when the body is not JSON.
 * `headers`: a call's own (an `Idempotency-Key`).
 */
export type Api = <T>(method: string, path: string, body?: unknown, headers?: Readonly<Record<string, string>>) => Promise<T | null>;

/** A 401 calls onUnauthorized (the console signs out). */
export function apiClient(store: TokenStore, onUnauthorized: () => void): Api {
  return <T>(method: string, path: string, body?: unknown, own?: Readonly<Record<string, string>>) => {
    const headers: Record<string, string> = { ...own, accept: 'application/json', authorization: bearer(store) };
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
          const retryAfter = Number(res.headers.get('retry-after'));
          if (!res.ok) throw new ApiError(res.status, data, retryAfter > 0 ? retryAfter : undefined);
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

/** The code of an API error (`WISH_TAKEN`, …); undefined for anything else thrown, or a body without one. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof ApiError ? error.code : undefined;
}

/** An API error in plain words, in the page's language, with the fields it names (error-words.ts). */
export function errorText(error: unknown): string {
  const facts =
    error instanceof ApiError
      ? {
          status: error.status,
          code: error.code,
          message: error.serverMessage,
          fields: error.fields,
          retryAfterSeconds: error.retryAfterSeconds,
        }
      : { status: -1 };
  return errorMessage(facts, LANG, (key, vars) => text(key, vars));
}
