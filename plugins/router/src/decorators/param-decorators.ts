import type { RequestContext } from '@pith/core';
import { updateMethodRecord, type ParamFactory, type ParamSpec } from '../metadata/route-metadata';

function record(target: object, propertyKey: string | symbol | undefined, spec: ParamSpec): void {
  if (propertyKey === undefined) throw new TypeError('parameter decorators apply to methods only');
  updateMethodRecord(target, propertyKey, (r) => ({ params: [...r.params, spec] }));
}

function named(kind: 'param' | 'query' | 'body' | 'headers') {
  return (name?: string): ParameterDecorator =>
    (target, propertyKey, index) =>
      record(target, propertyKey, {
        index,
        kind,
        name: kind === 'headers' ? name?.toLowerCase() : name,
      });
}

function simple(kind: 'ip' | 'req' | 'res' | 'ctx') {
  return (): ParameterDecorator => (target, propertyKey, index) =>
    record(target, propertyKey, { index, kind });
}

/** A route parameter (`@Param('id')`), or all of them (`@Param()`, or a DTO class). */
export const Param = named('param');
/** A query value (`@Query('page')`), or the whole query (`@Query()`, or a DTO class). */
export const Query = named('query');
/** The parsed body, validated when the parameter's type is a DTO class; `@Body('x')` picks a field. */
export const Body = named('body');
/** A request header (`@Headers('user-agent')`) or all of them. */
export const Headers = named('headers');
/** The client address (honours `server.trustProxy`). */
export const Ip = simple('ip');
/** The raw Node `IncomingMessage`. */
export const Req = simple('req');
/** The {@link Reply}: the handler then sends the response itself unless it returns a value. */
export const Res = simple('res');
/** The whole {@link RequestContext}. */
export const Ctx = simple('ctx');

/**
 * Makes a parameter decorator from a function of the request; other plugins use it for
 * `@Session()` or `@CurrentUser()`. The function may return a promise.
 *
 * @example
 * export const Locale = createParamDecorator((ctx) => ctx.header('accept-language') ?? 'en');
 * class C { @Get('/') show(@Locale() locale: string) { … } }
 */
export function createParamDecorator<D = undefined, R = unknown>(
  factory: (ctx: RequestContext, data: D) => R | Promise<R>,
): (data?: D) => ParameterDecorator {
  return (data?: D) => (target, propertyKey, index) =>
    record(target, propertyKey, {
      index,
      kind: 'custom',
      factory: factory as ParamFactory,
      data,
    });
}
