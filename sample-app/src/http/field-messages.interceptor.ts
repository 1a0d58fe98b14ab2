import { HttpError, isHttpError } from '@pith/core';
import type { Interceptor } from '@pith/router';

/**
 * Puts the app's own sentence on fields whose form value the router could not convert (a form
 * sends `delta=abc`; the router says "delta must be a number" before the app's rule runs). Every
 * other error passes through untouched.
 */
export function rewordFieldErrors(messages: Readonly<Record<string, string>>): Interceptor {
  return async (_ctx, next) => {
    try {
      return await next();
    } catch (error) {
      if (!isHttpError(error) || error.status !== 422 || !error.errors) throw error;
      if (!error.errors.some((e) => messages[e.field] && e.message !== messages[e.field]))
        throw error;
      throw new HttpError('ERR_VALIDATION', {
        detail: error.detail,
        errors: error.errors.map((e) => ({
          field: e.field,
          message: messages[e.field] ?? e.message,
        })),
      });
    }
  };
}
