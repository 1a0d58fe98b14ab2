import { isHttpError, type FieldError, type RequestContext } from '@pith/core';
import type { Interceptor } from '@pith/router';

/**
 * For HTML form posts: a 422 (the DTO's or the service's) renders the route's page again with
 * status 422, built by `page` from the submitted body and the field errors, instead of an error
 * page. JSON and XML clients still get the problem document.
 */
export function renderFormOnInvalid(
  page: (ctx: RequestContext, errors: readonly FieldError[]) => unknown,
): Interceptor {
  return async (ctx, next) => {
    try {
      return await next();
    } catch (error) {
      if (ctx.format !== 'html' || !isHttpError(error) || error.status !== 422 || !error.errors)
        throw error;
      ctx.reply.status(422);
      return page(ctx, error.errors);
    }
  };
}
