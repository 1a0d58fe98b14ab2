import { HttpError, isHttpError } from '@pith/core';
import type { Interceptor } from '@pith/router';

/** The fields a route takes, for {@link rewordFieldErrors}: any other one is named plainly. */
export interface KnownFields {
  readonly names: readonly string[];
  /** What takes them, starting the sentence's second half: `an appointment`, `sign-in`. */
  readonly taker: string;
  readonly kind: 'field' | 'parameter';
}

/** `Unknown field "x": an appointment takes a, b and c.` */
function unknownSentence(known: KnownFields, field: string): string {
  const names = known.names;
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `Unknown ${known.kind} "${field}": ${known.taker} takes ${list}.`;
}

/**
 * Puts the app's own sentence on fields whose value the router could not convert (a form sends
 * `delta=abc`; the router says "delta must be a number" before the app's rule runs). With
 * `known`, a field outside it (class-validator's "property x should not exist") gets
 * that sentence. Every other error passes through untouched.
 */
export function rewordFieldErrors(
  messages: Readonly<Record<string, string>>,
  known?: KnownFields,
): Interceptor {
  const reworded = (field: string, message: string): string =>
    messages[field] ??
    (known && !known.names.includes(field) ? unknownSentence(known, field) : undefined) ??
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
