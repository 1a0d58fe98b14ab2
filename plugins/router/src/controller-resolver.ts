import { injectable, PithError, type DependencyContainer } from '@pith/core';
import type { Constructor } from './router-extensions';

const BUILTINS = new Set<unknown>([
  Object,
  String,
  Number,
  Boolean,
  Array,
  Function,
  Promise,
  Symbol,
  Date,
]);

/** The constructor dependencies of a class: tsyringe `@inject` tokens win over design types. */
function dependenciesOf(target: Constructor): unknown[] {
  const types = (Reflect.getMetadata('design:paramtypes', target) as unknown[] | undefined) ?? [];
  const tokens =
    (Reflect.getOwnMetadata('injectionTokens', target) as Record<number, unknown> | undefined) ??
    {};
  return types.map((type, i) => tokens[i] ?? type);
}

/**
 * Registers `target` and every class it depends on (transitively) as singletons in the app's
 * container, unless already registered there or in a parent; never touches the global one.
 * Registering before walking the dependencies makes cycles terminate (tsyringe reports them).
 */
function registerGraph(container: DependencyContainer, target: Constructor, path: string[]): void {
  if (container.isRegistered(target, true)) return;
  const deps = dependenciesOf(target);
  if (deps.length === 0 && target.length > 0) {
    throw new PithError(
      'ERR_CONTROLLER_RESOLVE',
      `${target.name} (needed by ${path.join(' → ') || 'the router'}) has constructor parameters but no type metadata; decorate it with @injectable()`,
    );
  }
  // tsyringe needs type info for classes with constructor parameters; a class whose design
  // types were emitted (it has some class decorator) gets it from them, as @injectable() would.
  if (deps.length > 0) injectable()(target);
  container.registerSingleton(target as never, target as never);
  for (const dep of deps) {
    if (typeof dep !== 'function' || BUILTINS.has(dep)) continue;
    registerGraph(container, dep as Constructor, [...path, target.name]);
  }
}

/** Builds each controller once, as an app-container singleton. */
export function resolveControllers(
  container: DependencyContainer,
  controllers: readonly Constructor[],
): Map<Constructor, object> {
  const instances = new Map<Constructor, object>();
  for (const controller of controllers) {
    registerGraph(container, controller, []);
    try {
      instances.set(controller, container.resolve<object>(controller as never));
    } catch (error) {
      throw new PithError(
        'ERR_CONTROLLER_RESOLVE',
        `could not build ${controller.name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return instances;
}
