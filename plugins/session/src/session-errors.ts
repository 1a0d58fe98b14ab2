import { defineErrorCodes, HttpError } from '@pith/core';

/** The session plugin's error codes, each with its HTTP status. */
export const SessionErrors = defineErrorCodes({
  ERR_SESSION_STORE_UNAVAILABLE: { status: 503, title: 'Service Unavailable' },
  ERR_SESSION_TOO_LARGE: { status: 500, title: 'Session too large for its store' },
  ERR_SESSION_VALUE_INVALID: { status: 500, title: 'Session value not serializable' },
  ERR_SESSION_NOT_ENABLED: { status: 500, title: 'Session plugin not enabled' },
  ERR_SESSION_CONFIG: { status: 500, title: 'Invalid session configuration' },
});

/** The 503 a route that uses the session answers while its store is down or too slow. */
export function storeUnavailable(cause: unknown): HttpError {
  return new HttpError(
    'ERR_SESSION_STORE_UNAVAILABLE',
    {
      detail: 'The session store is unavailable; try again shortly.',
      cause,
      headers: { 'retry-after': '1' },
    },
    SessionErrors.ERR_SESSION_STORE_UNAVAILABLE,
  );
}
