/**
 * Every error code the kernel raises, defined once with its HTTP status and a stable title.
 * Plugins define their own codes with {@link defineErrorCodes}; docs/ERRORS.md lists them all.
 */
export interface ErrorCodeSpec {
  readonly status: number;
  readonly title: string;
}

/** Declares a table of error codes; the table's keys become the codes' names. */
export function defineErrorCodes<const T extends Record<string, ErrorCodeSpec>>(codes: T): T {
  for (const [code, spec] of Object.entries(codes)) {
    if (!/^ERR_[A-Z0-9_]+$/.test(code))
      throw new TypeError(`error code ${code} must match ERR_[A-Z0-9_]+`);
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new TypeError(`error code ${code} has status ${spec.status}; expected 400-599`);
    }
  }
  return Object.freeze(codes);
}

/** The kernel's own codes. */
export const CoreErrors = defineErrorCodes({
  ERR_PLUGIN_DUPLICATE: { status: 500, title: 'Plugin registered twice' },
  ERR_PLUGIN_MISSING_DEPENDENCY: { status: 500, title: 'Plugin dependency missing' },
  ERR_PLUGIN_CYCLE: { status: 500, title: 'Plugin dependency cycle' },
  ERR_PLUGIN_INVALID: { status: 500, title: 'Not a plugin' },
  ERR_PLUGIN_NOT_FOUND: { status: 500, title: 'Plugin module not found' },
  ERR_PLUGIN_SETUP: { status: 500, title: 'Plugin setup failed' },
  ERR_PLUGIN_READY: { status: 500, title: 'Plugin onReady failed' },
  ERR_APP_ALREADY_READY: { status: 500, title: 'Application already started' },
  ERR_APP_CLOSED: { status: 500, title: 'Application closed' },
  ERR_DISPATCHER_TAKEN: { status: 500, title: 'Dispatcher already set' },
  ERR_PROVIDER_INVALID: { status: 500, title: 'Invalid provider' },
  ERR_CONFIG_INVALID: { status: 500, title: 'Invalid configuration' },
  ERR_CONFIG_NOT_FOUND: { status: 500, title: 'Configuration file not found' },
  ERR_NO_REQUEST_CONTEXT: { status: 500, title: 'No request context' },
  ERR_BAD_REQUEST: { status: 400, title: 'Bad Request' },
  ERR_UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  ERR_FORBIDDEN: { status: 403, title: 'Forbidden' },
  ERR_NOT_FOUND: { status: 404, title: 'Not Found' },
  ERR_METHOD_NOT_ALLOWED: { status: 405, title: 'Method Not Allowed' },
  ERR_NOT_ACCEPTABLE: { status: 406, title: 'Not Acceptable' },
  ERR_CONFLICT: { status: 409, title: 'Conflict' },
  ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload Too Large' },
  ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type' },
  ERR_VALIDATION: { status: 422, title: 'Unprocessable Content' },
  ERR_TOO_MANY_REQUESTS: { status: 429, title: 'Too Many Requests' },
  ERR_INTERNAL: { status: 500, title: 'Internal Server Error' },
  ERR_SERVICE_UNAVAILABLE: { status: 503, title: 'Service Unavailable' },
  ERR_SHUTTING_DOWN: { status: 503, title: 'Service Unavailable' },
  ERR_HANDLER_TIMEOUT: { status: 503, title: 'Service Unavailable' },
});
