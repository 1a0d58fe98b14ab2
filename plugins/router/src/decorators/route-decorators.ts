import type { RequestHook } from '@pith/core';
import {
  updateControllerRecord,
  updateMethodRecord,
  type BodyKind,
  type Guard,
  type Interceptor,
  type StageRecord,
} from '../metadata/route-metadata';
import type { Constructor } from '../router-extensions';

type ClassOrMethodDecorator = ClassDecorator & MethodDecorator;

function stage(update: (record: StageRecord) => Partial<StageRecord>): ClassOrMethodDecorator {
  return (target: object, propertyKey?: string | symbol) => {
    if (propertyKey === undefined) updateControllerRecord(target as Constructor, update);
    else updateMethodRecord(target, propertyKey, update);
  };
}

/** The status sent when the handler returns (also for `undefined`, instead of 204). */
export function HttpCode(status: number): MethodDecorator {
  return (target, propertyKey) =>
    updateMethodRecord(target, propertyKey, () => ({ httpCode: status }));
}

/** A response header set on every successful response of the route. */
export function Header(name: string, value: string): MethodDecorator {
  return (target, propertyKey) =>
    updateMethodRecord(target, propertyKey, (r) => ({ headers: [...r.headers, [name, value]] }));
}

/**
 * Redirects to `url`; a handler returning `{ url, statusCode }` overrides either one.
 */
export function Redirect(url: string, status = 302): MethodDecorator {
  return (target, propertyKey) =>
    updateMethodRecord(target, propertyKey, () => ({ redirect: { url, status } }));
}

/** preHandler hooks for the controller or the route, run in the order given. */
export function Use(...hooks: RequestHook[]): ClassOrMethodDecorator {
  return stage((r) => ({ hooks: [...hooks, ...r.hooks] }));
}

/** Guards for the controller or the route: `false` answers 403, a throw answers its error. */
export function UseGuards(...guards: Guard[]): ClassOrMethodDecorator {
  return stage((r) => ({ guards: [...guards, ...r.guards] }));
}

/** Interceptors around the handler; the first one given is the outermost. */
export function UseInterceptors(...interceptors: Interceptor[]): ClassOrMethodDecorator {
  return stage((r) => ({ interceptors: [...interceptors, ...r.interceptors] }));
}

/** The body media types a route takes (default: `json` only, see the router's `consumes` option). */
export function Consumes(...kinds: BodyKind[]): ClassOrMethodDecorator {
  return stage(() => ({ consumes: kinds }));
}

/**
 * Attaches a value under `key` to a controller or a route; other plugins read it at boot with
 * `RouteDefinition.getMetadata(key)`.
 */
export function SetMetadata(key: symbol | string, value: unknown): ClassOrMethodDecorator {
  return (target: object, propertyKey?: string | symbol) => {
    if (propertyKey === undefined) Reflect.defineMetadata(key, value, target);
    else Reflect.defineMetadata(key, value, target, propertyKey);
  };
}
