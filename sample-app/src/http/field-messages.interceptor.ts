import { HttpError, isHttpError } from '@pith/core';
import type { Interceptor } from '@pith/router';

/** The fields a route takes and the sentence for any other one, for {@link rewordFieldErrors}. */
export interface KnownFields {
  readonly names: readonly string[];
  readonly unknown: (field: string) => string;
}

/**
 * Puts the app's own sentence on fields whose value the router could not convert (a form sends
 * `delta=abc`; the router says "delta must be a number" before the app's rule runs). With
 * `known`, a field outside it (class-validator's "property x should not exist") gets
 * `known.unknown(field)`. Every other error passes through untouched.
 */
export function rewordFieldErrors(
  messages: Readonly<Record<string, string>>,
  known?: KnownFields,
): Interceptor {
  const reworded = (field: string, message: string): string =>
    messages[field] ??
    (known && !known.names.includes(field) ? known.unknown(field) : undefined) ??
    message;
  return async (_ctx, next) => {
    try {
      return await next();
    } catch (error) {
      if (!isHttpError(error) || error.status !== 422 || !error.errors) throw error;
      if (!error.errors.some((e) => reworded(e.field, e.message) !== e.message)) throw error;
      throw new HttpError('ERR_VALIDATION', {
        detail: error.detail,
        errors: error.errors.map((e) => ({
          field: e.field,
          message: reworded(e.field, e.message),
        })),
      });
    }
  };
}
