import type { RequestContext } from '@pith/core';
import type { Interceptor } from '../metadata/route-metadata';
import type { ArgExtractor } from './arg-extractors';

/** Calls the handler with its arguments; sync while everything is sync. */
export type Invoker = (ctx: RequestContext) => unknown;

/** True for promises and other thenables (hooks, guards and handlers may return either). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

type Handler = (...args: unknown[]) => unknown;

/** Specialised for the common arities so no arguments array is built per request. */
function callWithArgs(
  instance: object,
  handler: Handler,
  extractors: readonly ArgExtractor[],
): Invoker {
  const n = extractors.length;
  if (n === 0) return () => handler.call(instance);
  if (n === 1) {
    const first = extractors[0];
    return (ctx) => {
      const arg = first(ctx);
      return isThenable(arg)
        ? Promise.resolve(arg).then((v) => handler.call(instance, v))
        : handler.call(instance, arg);
    };
  }
  return (ctx) => {
    const args = new Array<unknown>(n);
    let pending = false;
    for (let i = 0; i < n; i++) {
      const value = extractors[i](ctx);
      if (isThenable(value)) pending = true;
      args[i] = value;
    }
    if (pending) return Promise.all(args).then((values) => handler.apply(instance, values));
    return handler.apply(instance, args);
  };
}

function wrap(interceptor: Interceptor, inner: Invoker): Invoker {
  return (ctx) =>
    interceptor(ctx, () => {
      try {
        return Promise.resolve(inner(ctx));
      } catch (error) {
        // An interceptor awaits `next()`; a sync throw must reach it as a rejection, unchanged.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as is
        return Promise.reject(error);
      }
    });
}

/**
 * Builds the innermost stages of a route at boot: interceptors (first given = outermost) around
 * argument extraction and the handler call.
 */
export function createInvoker(
  instance: object,
  handler: Handler,
  extractors: readonly ArgExtractor[],
  interceptors: readonly Interceptor[],
): Invoker {
  let invoke = callWithArgs(instance, handler, extractors);
  for (let i = interceptors.length - 1; i >= 0; i--) invoke = wrap(interceptors[i], invoke);
  return invoke;
}
