import { PithError } from '@pith/core';
import {
  readControllerRecord,
  readMethodRecord,
  type ControllerRecord,
  type MethodRecord,
} from '../metadata/route-metadata';
import type { Constructor, RouteDefinition } from '../router-extensions';
import { joinPath } from './path-join';

/** A route found on a controller, with the records it was built from. */
export interface DeclaredRoute {
  readonly definition: RouteDefinition;
  readonly controllerRecord: ControllerRecord;
  readonly methodRecord: MethodRecord;
}

class Definition implements RouteDefinition {
  readonly handlerName: string;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly controller: Constructor,
    readonly propertyKey: string,
  ) {
    this.handlerName = `${controller.name}.${propertyKey}`;
  }

  getMetadata<T>(key: symbol | string): T | undefined {
    const proto = this.controller.prototype as object;
    return (Reflect.getMetadata(key, proto, this.propertyKey) ??
      Reflect.getMetadata(key, this.controller)) as T | undefined;
  }
}

/** Method names with route metadata on `proto` and its ancestors (nearest wins). */
function routedMethods(controller: Constructor): Array<[object, string]> {
  const found = new Map<string, object>();
  for (
    let proto = controller.prototype as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || found.has(key)) continue;
      if (readMethodRecord(proto, key).routes.length > 0) found.set(key, proto);
    }
  }
  return [...found].map(([key, proto]) => [proto, key]);
}

/** Reads every controller's routes once, at boot. */
export function declareRoutes(
  controllers: readonly Constructor[],
  prefix: string,
): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const controller of controllers) {
    const controllerRecord = readControllerRecord(controller);
    if (controllerRecord.prefix === undefined) {
      throw new PithError(
        'ERR_CONTROLLER_INVALID',
        `${controller.name} is listed as a controller but has no @Controller()`,
      );
    }
    for (const [proto, key] of routedMethods(controller)) {
      const methodRecord = readMethodRecord(proto, key);
      if (typeof (proto as Record<string, unknown>)[key] !== 'function') {
        throw new PithError(
          'ERR_ROUTE_INVALID',
          `${controller.name}.${key} has route decorators but is not a method`,
        );
      }
      for (const r of methodRecord.routes) {
        const path = joinPath(prefix, controllerRecord.prefix, r.path);
        routes.push({
          definition: new Definition(r.method, path, controller, key),
          controllerRecord,
          methodRecord,
        });
      }
    }
  }
  return routes;
}
