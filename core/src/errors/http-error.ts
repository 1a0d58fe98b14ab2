import { CoreErrors, type ErrorCodeSpec } from './error-codes';

/** One field-level problem, as listed in a 422 response. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface HttpErrorOptions {
  /** What the client did wrong; shown for 4xx, never for 5xx outside development. */
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
  /** Extra members of the problem document (RFC 9457 extensions). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * The one error family of Pith: a stable `ERR_*` code, an HTTP status and a client-safe detail.
 *
 * @example
 * throw new HttpError('ERR_NOT_FOUND', { detail: 'No appointment with id 42.' });
 */
export class HttpError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly extensions: Readonly<Record<string, unknown>> | undefined;

  constructor(
    // `string & {}` keeps editor completion for the kernel's codes while accepting plugin codes.
    code: keyof typeof CoreErrors | (string & {}),
    options: HttpErrorOptions = {},
    spec?: ErrorCodeSpec,
  ) {
    const known = spec ?? (CoreErrors as Record<string, ErrorCodeSpec>)[code];
    if (!known) throw new TypeError(`unknown error code ${code}: pass its spec or define it`);
    super(
      options.detail ?? known.title,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'HttpError';
    this.code = code;
    this.status = known.status;
    this.title = known.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }

  /** Whether the detail may be shown to the client in production (4xx only). */
  get isClientError(): boolean {
    return this.status < 500;
  }
}

/**
 * An error of the framework or of a plugin that stops the boot: it names its culprit (plugin,
 * config key, route) in its message and carries a stable code.
 */
export class PithError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'PithError';
    this.code = code;
  }
}

/** True for anything shaped like an {@link HttpError}, even from another copy of the kernel. */
export function isHttpError(value: unknown): value is HttpError {
  return (
    value instanceof HttpError ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as HttpError).status === 'number' &&
      typeof (value as HttpError).code === 'string' &&
      (value as HttpError).name === 'HttpError')
  );
}
