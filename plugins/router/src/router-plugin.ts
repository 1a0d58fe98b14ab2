import { definePlugin, PithError, type RequestContext } from '@pith/core';
import { compileRouter, type CompiledEntry } from './router-compiler';
import { routerOptions, type RouterOptions } from './router-options';
import type { RouteTable } from './matching/route-table';
import { formatRoutes } from './routes-command';
import {
  ROUTER,
  type Constructor,
  type ResponderFactory,
  type RouteHookFactory,
  type RouterExtensions,
} from './router-extensions';

/**
 * The router plugin: decorator controllers compiled at ready into one handler per route.
 *
 * @example
 * const app = createApp({ plugins: { router: { controllers: [AppointmentsController] } } });
 */
export const router = definePlugin<RouterOptions>({
  name: 'router',
  options: routerOptions,
  setup(ctx, options) {
    const controllers: Constructor[] = [...options.controllers];
    const responderFactories: ResponderFactory[] = [];
    const hookFactories: RouteHookFactory[] = [];
    let compiled: { table: RouteTable; entries: CompiledEntry[] } | undefined;
    const open = (what: string): void => {
      if (compiled)
        throw new PithError(
          'ERR_ROUTER_SEALED',
          `cannot ${what} after the router compiled its routes; do it in setup()`,
        );
    };

    const extensions: RouterExtensions = {
      addControllers: (...list) => {
        open('add controllers');
        controllers.push(...list);
      },
      addResponders: (factory) => {
        open('add responders');
        responderFactories.push(factory);
      },
      addRouteHooks: (factory) => {
        open('add route hooks');
        hookFactories.push(factory);
      },
      routes: () => (compiled ? compiled.entries.map((e) => e.definition) : []),
    };
    ctx.provide(ROUTER, { useValue: extensions });

    ctx.onReady(() => {
      compiled = compileRouter({
        options,
        container: ctx.container,
        controllers: [...new Set(controllers)],
        globalPreHandlers: ctx.hooks('preHandler'),
        responderFactories,
        hookFactories,
      });
      ctx.logger.debug({ routes: compiled.entries.length }, 'routes compiled');
    });
    ctx.setDispatcher((request: RequestContext) => compiled!.table.dispatch(request));
    ctx.addCommand('routes', {
      description: 'List the routes: method, path, handler, stages and representations',
      run: (_args, out) => {
        for (const line of formatRoutes(compiled?.entries ?? [])) out(line);
      },
    });
  },
});
