import { validateHeaderName, validateHeaderValue } from 'node:http';
import { PithError, type DependencyContainer, type RequestHook } from '@pith/core';
import { createBodyParser } from './input/body-parser';
import type { BodyKind, Guard, Interceptor } from './metadata/route-metadata';
import { declareRoutes, type DeclaredRoute } from './matching/route-definitions';
import { RouteTable, type TableEntry } from './matching/route-table';
import { createArgExtractor, type ArgExtractor } from './pipeline/arg-extractors';
import { createInvoker } from './pipeline/handler-invoker';
import { NegotiationCaches, RepresentationSet } from './pipeline/representations';
import { compileRoute } from './pipeline/route-compiler';
import { resolveControllers } from './controller-resolver';
import type { RouterOptions } from './router-options';
import type { Constructor, ResponderFactory, RouteHookFactory } from './router-extensions';

/** What compiling needs: the app's pieces gathered during setup. */
export interface CompileInput {
  readonly options: RouterOptions;
  readonly container: DependencyContainer;
  readonly controllers: readonly Constructor[];
  readonly globalPreHandlers: readonly RequestHook[];
  readonly responderFactories: readonly ResponderFactory[];
  readonly hookFactories: readonly RouteHookFactory[];
}

/** A compiled route plus what `pith routes` shows about it. */
export interface CompiledEntry extends TableEntry {
  readonly hooks: readonly RequestHook[];
  readonly guards: readonly Guard[];
  readonly interceptors: readonly Interceptor[];
}

function extractorsFor(declared: DeclaredRoute): {
  extractors: ArgExtractor[];
  usesRes: boolean;
  takesBody: boolean;
} {
  const { definition, methodRecord } = declared;
  const proto = definition.controller.prototype as object;
  const types =
    (Reflect.getMetadata('design:paramtypes', proto, definition.propertyKey) as
      unknown[] | undefined) ?? [];
  const handler = (proto as Record<string, (...args: unknown[]) => unknown>)[
    definition.propertyKey
  ];
  const arity = Math.max(
    handler.length,
    types.length,
    ...methodRecord.params.map((p) => p.index + 1),
  );
  const extractors: ArgExtractor[] = [];
  for (let i = 0; i < arity; i++) {
    const spec = methodRecord.params.find((p) => p.index === i);
    if (!spec) {
      throw new PithError(
        'ERR_ROUTE_INVALID',
        `parameter #${i + 1} of ${definition.handlerName} has no decorator (@Param, @Query, @Body, …)`,
      );
    }
    extractors.push(createArgExtractor(spec, types[i], definition.handlerName));
  }
  return {
    extractors,
    usesRes: methodRecord.params.some((p) => p.kind === 'res'),
    takesBody: methodRecord.params.some((p) => p.kind === 'body'),
  };
}

function compileEntry(
  declared: DeclaredRoute,
  instance: object,
  input: CompileInput,
  caches: NegotiationCaches,
): CompiledEntry {
  const { definition, controllerRecord: c, methodRecord: m } = declared;
  const { options } = input;
  const { extractors, usesRes, takesBody } = extractorsFor(declared);
  const contributed = input.hookFactories.flatMap((f) => f(definition)?.preHandler ?? []);
  const hooks = [...input.globalPreHandlers, ...contributed, ...c.hooks, ...m.hooks];
  const guards = [...c.guards, ...m.guards];
  const interceptors = [...c.interceptors, ...m.interceptors];
  const responders = input.responderFactories.flatMap((f) => f(definition) ?? []);
  const representations = new RepresentationSet(responders, caches);
  const kinds: readonly BodyKind[] = m.consumes ?? c.consumes ?? options.consumes;
  const handler = (
    definition.controller.prototype as Record<string, (...args: unknown[]) => unknown>
  )[definition.propertyKey];
  const run = compileRoute({
    definition,
    invoke: createInvoker(instance, handler, extractors, interceptors),
    hooks,
    guards,
    parseBody: takesBody
      ? createBodyParser({
          kinds,
          limits: options.bodyLimit,
          allowJsonSuffix: options.allowJsonSuffix,
          maxJsonDepth: options.maxJsonDepth,
        })
      : undefined,
    representations,
    usesRes,
    httpCode: m.httpCode,
    headers: checkedHeaders(m.headers, definition.handlerName),
    redirect: m.redirect,
  });
  return {
    definition,
    info: Object.freeze({
      method: definition.method,
      path: definition.path,
      handler: definition.handlerName,
    }),
    run,
    representations,
    hooks,
    guards,
    interceptors,
  };
}

/**
 * Compiles the app's routes at ready: reads metadata once, builds controllers as singletons,
 * compiles one runner per route, and fills the matcher (conflicts refused here).
 */
export function compileRouter(input: CompileInput): {
  table: RouteTable;
  entries: CompiledEntry[];
} {
  const declared = declareRoutes(input.controllers, input.options.prefix);
  const instances = resolveControllers(input.container, input.controllers);
  const caches = new NegotiationCaches(input.options.negotiationCacheSize);
  const table = new RouteTable(input.options);
  const entries: CompiledEntry[] = [];
  for (const route of declared) {
    const entry = compileEntry(route, instances.get(route.definition.controller)!, input, caches);
    table.add(entry);
    entries.push(entry);
  }
  table.addAutomaticHead(entries);
  return { table, entries };
}

/**
 * `@Header` pairs checked at boot: a bad one stops the boot naming the handler instead of failing
 * every request. Per request the reply's own check then finds each pair already passed.
 */
function checkedHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  handlerName: string,
): ReadonlyArray<readonly [string, string]> {
  return headers.map(([name, value]) => {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (error) {
      throw new PithError(
        'ERR_ROUTE_INVALID',
        `${handlerName}: @Header(${JSON.stringify(name)}, ${JSON.stringify(value)}) is not a valid header: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return [name.toLowerCase(), value] as const;
  });
}
