import { HttpError, PithError, type RequestContext } from '@pith/core';
import { isDtoType, planDto, toDto } from '../input/dto-plan';
import { convertValue, kindOfType } from '../input/value-conversion';
import type { ParamSpec } from '../metadata/route-metadata';

/** Computes one handler argument; may return a promise (custom decorators). */
export type ArgExtractor = (ctx: RequestContext) => unknown;

function named(
  read: (ctx: RequestContext) => unknown,
  type: unknown,
  field: string,
  fromStrings: (ctx: RequestContext) => boolean = () => true,
): ArgExtractor {
  const kind = kindOfType(type);
  if (kind === 'any' || kind === 'string') {
    return (ctx) => {
      const value = read(ctx);
      if (Array.isArray(value) && kind === 'string')
        return convertValue(value, kind, field, true).value;
      return value;
    };
  }
  return (ctx) => {
    const value = read(ctx);
    if (value === undefined) return undefined;
    const converted = convertValue(value, kind, field, fromStrings(ctx));
    if (converted.error) {
      throw new HttpError('ERR_VALIDATION', {
        detail: `${field} is invalid.`,
        errors: [{ field, message: converted.error }],
      });
    }
    return converted.value;
  };
}

function bodyOf(ctx: RequestContext): Record<string, unknown> | undefined {
  const body = ctx.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}

/** Forms arrive as null-prototype objects of strings; JSON bodies keep their own types. */
function isFromStrings(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === null;
}

/**
 * Chooses, at boot, how to compute one handler argument from its decorator and declared type.
 * DTO classes get a conversion-and-validation plan; everything else is a direct read.
 */
export function createArgExtractor(
  spec: ParamSpec,
  type: unknown,
  handlerName: string,
): ArgExtractor {
  switch (spec.kind) {
    case 'param': {
      if (spec.name !== undefined) return named((ctx) => ctx.params[spec.name!], type, spec.name);
      if (!isDtoType(type)) return (ctx) => ctx.params;
      const plan = planDto(type);
      return (ctx) => toDto(plan, { ...ctx.params }, true, 'path parameters');
    }
    case 'query': {
      if (spec.name !== undefined) {
        const name = spec.name;
        return named((ctx) => ctx.queryParam(name), type, name);
      }
      if (!isDtoType(type)) return (ctx) => ctx.query;
      const plan = planDto(type);
      return (ctx) => toDto(plan, ctx.query, true, 'query');
    }
    case 'body': {
      if (spec.name !== undefined) {
        const name = spec.name;
        return named(
          (ctx) => bodyOf(ctx)?.[name],
          type,
          name,
          (ctx) => isFromStrings(ctx.body),
        );
      }
      if (!isDtoType(type)) return (ctx) => ctx.body;
      const plan = planDto(type);
      return (ctx) => toDto(plan, ctx.body, isFromStrings(ctx.body), 'body');
    }
    case 'headers':
      if (spec.name !== undefined) {
        const name = spec.name;
        return (ctx) => ctx.header(name);
      }
      return (ctx) => ctx.req.headers;
    case 'ip':
      return (ctx) => ctx.ip;
    case 'req':
      return (ctx) => ctx.req;
    case 'res':
      return (ctx) => ctx.reply;
    case 'ctx':
      return (ctx) => ctx;
    case 'custom': {
      const { factory, data } = spec;
      return (ctx) => factory(ctx, data);
    }
    default:
      throw new PithError('ERR_ROUTE_INVALID', `${handlerName} has an unknown parameter decorator`);
  }
}
