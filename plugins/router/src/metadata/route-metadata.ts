import type { RequestContext, RequestHook } from '@pith/core';
import type { Constructor } from '../router-extensions';

/** A guard allows (true) or denies (false → 403) a request, or throws its own error. */
export type Guard = (ctx: RequestContext) => boolean | Promise<boolean>;

/** Runs around the handler; `next()` runs the rest (argument extraction and the handler). */
export type Interceptor = (ctx: RequestContext, next: () => Promise<unknown>) => Promise<unknown>;

/** What a custom parameter decorator computes from the request. */
export type ParamFactory<D = unknown> = (ctx: RequestContext, data: D) => unknown;

/** The body kinds a route may take. */
export type BodyKind = 'json' | 'urlencoded' | 'text';

/** One decorated handler parameter. */
export type ParamSpec =
  | {
      readonly index: number;
      readonly kind: 'param' | 'query' | 'body' | 'headers';
      readonly name: string | undefined;
    }
  | { readonly index: number; readonly kind: 'ip' | 'req' | 'res' | 'ctx' }
  | {
      readonly index: number;
      readonly kind: 'custom';
      readonly factory: ParamFactory;
      readonly data: unknown;
    };

/** Stages shared by controllers and methods. */
export interface StageRecord {
  readonly hooks: readonly RequestHook[];
  readonly guards: readonly Guard[];
  readonly interceptors: readonly Interceptor[];
  readonly consumes: readonly BodyKind[] | undefined;
}

/** What `@Controller` and class-level decorators record. */
export interface ControllerRecord extends StageRecord {
  readonly prefix: string | undefined;
}

/** What the route decorators record on one method. */
export interface MethodRecord extends StageRecord {
  readonly routes: ReadonlyArray<{ readonly method: string; readonly path: string }>;
  readonly params: readonly ParamSpec[];
  readonly httpCode: number | undefined;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly redirect: { readonly url: string; readonly status: number } | undefined;
}

/** The one key under which the router keeps its metadata (class and prototype methods). */
export const ROUTER_METADATA = Symbol('pith:router:metadata');

const EMPTY_STAGES: StageRecord = {
  hooks: [],
  guards: [],
  interceptors: [],
  consumes: undefined,
};

const EMPTY_METHOD: MethodRecord = {
  ...EMPTY_STAGES,
  routes: [],
  params: [],
  httpCode: undefined,
  headers: [],
  redirect: undefined,
};

const EMPTY_CONTROLLER: ControllerRecord = { ...EMPTY_STAGES, prefix: undefined };

/** The controller record of a class (own metadata only). */
export function readControllerRecord(target: Constructor): ControllerRecord {
  return (
    (Reflect.getOwnMetadata(ROUTER_METADATA, target) as ControllerRecord | undefined) ??
    EMPTY_CONTROLLER
  );
}

/** The method record of `propertyKey` on a prototype (own metadata only). */
export function readMethodRecord(proto: object, propertyKey: string | symbol): MethodRecord {
  return (
    (Reflect.getOwnMetadata(ROUTER_METADATA, proto, propertyKey) as MethodRecord | undefined) ??
    EMPTY_METHOD
  );
}

/** Replaces the controller record with an updated copy (records are never mutated in place). */
export function updateControllerRecord(
  target: Constructor,
  update: (record: ControllerRecord) => Partial<ControllerRecord>,
): void {
  const current = readControllerRecord(target);
  Reflect.defineMetadata(ROUTER_METADATA, { ...current, ...update(current) }, target);
}

/** Replaces a method record with an updated copy. */
export function updateMethodRecord(
  proto: object,
  propertyKey: string | symbol,
  update: (record: MethodRecord) => Partial<MethodRecord>,
): void {
  const current = readMethodRecord(proto, propertyKey);
  Reflect.defineMetadata(ROUTER_METADATA, { ...current, ...update(current) }, proto, propertyKey);
}

/** True when the class was decorated with `@Controller`. */
export function isController(target: unknown): target is Constructor {
  return (
    typeof target === 'function' &&
    Reflect.getOwnMetadata(ROUTER_METADATA, target) !== undefined &&
    readControllerRecord(target as Constructor).prefix !== undefined
  );
}
