import { HttpError } from '@pith/core';
import { SessionErrors } from './session-errors';

/** A JSON copy of `value`, or a coded error naming `key` when it is not JSON. */
export function toSessionValue(key: string, value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw new HttpError(
      'ERR_SESSION_VALUE_INVALID',
      { detail: `session value "${key}" is not JSON-serializable` },
      SessionErrors.ERR_SESSION_VALUE_INVALID,
    );
  }
  return JSON.parse(text) as unknown;
}
