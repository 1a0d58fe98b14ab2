import { HttpError } from '@pith/core';
import type { Interceptor } from '@pith/router';

/**
 * For pages that are only forms (new, edit, sign in): their model is a template's, not an API,
 * so a client that asks for JSON or XML gets 406 rather than the form's internals.
 */
export const htmlOnly: Interceptor = async (ctx, next) => {
  if (ctx.format !== 'html') {
    throw new HttpError('ERR_NOT_ACCEPTABLE', {
      detail: 'This page is an HTML form; it has no JSON or XML representation.',
    });
  }
  return next();
};
