import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { Schema } from '../config/options-schema';
import type { ResolvedConfig } from '../config/app-config';
import type { Token } from '../container/tokens';
import type { HookMap, HookPhase } from '../http/hooks';
import type { ErrorMapper, ErrorRenderer } from '../http/error-responder';
import type { RequestContext } from '../http/request-context';

/** Fills the kernel's dispatcher slot: matches the request and answers it. */
export type Dispatcher = (ctx: RequestContext) => void | Promise<void>;

/** A readiness check: resolves when the dependency is usable, throws (or times out) otherwise. */
export type ReadinessCheck = (signal: AbortSignal) => void | Promise<void>;

/** A CLI command a plugin adds (`pith routes`, `pith db:migrate`). */
export interface CommandSpec {
  readonly description: string;
  /** Runs after the app is ready unless `boot: 'setup'` (registries built, no I/O). */
  readonly boot?: 'ready' | 'setup';
  run(args: readonly string[], out: (line: string) => void): void | Promise<void>;
}

/** A provider for the app's container. */
export type Provider<T> =
  | { readonly useValue: T }
  | { readonly useClass: new (...args: never[]) => T; readonly singleton?: boolean }
  | { readonly useFactory: (container: DependencyContainer) => T };

/**
 * What a plugin's `setup` may do: declare things. No I/O here; I/O goes in `onReady`.
 */
export interface PluginContext {
  /** The plugin's name. */
  readonly name: string;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly container: DependencyContainer;
  readonly isProduction: boolean;
  readonly isDevelopment: boolean;
  provide<T>(token: Token<T> | (new (...args: never[]) => T), provider: Provider<T>): void;
  resolve<T>(token: Token<T> | (new (...args: never[]) => T)): T;
  addHook<P extends HookPhase>(phase: P, hook: HookMap[P]): void;
  /**
   * The app's hooks of one phase, in plugin order. Only from `onReady` (every setup is done);
   * the dispatcher uses it to merge global `preHandler` hooks into each compiled route.
   */
  hooks<P extends HookPhase>(phase: P): readonly HookMap[P][];
  addReadinessCheck(name: string, check: ReadinessCheck, options?: { timeoutMs?: number }): void;
  addErrorMapper(mapper: ErrorMapper): void;
  setErrorRenderer(format: string, renderer: ErrorRenderer): void;
  /**
   * Headers for the answers to requests Node's HTTP parser refuses before any request exists
   * (400 malformed, 408 too slow, 431 headers too large), which no hook sees: static values only
   * (the security plugin's header set, say).
   */
  addClientErrorHeaders(headers: Readonly<Record<string, string>>): void;
  setDispatcher(dispatcher: Dispatcher): void;
  /**
   * Declares that this plugin reads `currentRequest()` during requests: turns the request
   * context on under `server.requestContext: "auto"` (the default), and stops the boot when
   * the app set it to `false`.
   */
  requireRequestContext(): void;
  addCommand(name: string, command: CommandSpec): void;
  /** Runs at `app.ready()` after every setup, in plugin order: connect, compile, warm up. */
  onReady(fn: () => void | Promise<void>): void;
  /** Runs at `app.close()` in reverse plugin order. */
  onClose(fn: () => void | Promise<void>): void;
}

/**
 * A Pith plugin: a name, its dependencies, an options schema and a declare-only `setup`.
 *
 * @example
 * export const hello = definePlugin({
 *   name: 'hello',
 *   setup(ctx) {
 *     ctx.setDispatcher((req) => req.reply.json({ message: 'Hello, World!' }));
 *   },
 * });
 */
export interface Plugin<O = Record<string, never>> {
  readonly name: string;
  readonly dependencies?: readonly string[];
  /** Plugins that run before this one when they are enabled, without being required. */
  readonly after?: readonly string[];
  readonly options?: Schema<O>;
  setup(ctx: PluginContext, options: O): void;
}

const PLUGIN_BRAND = Symbol.for('pith.plugin');

/** Declares a plugin; the identity function with a brand so config can tell plugins from options. */
export function definePlugin<O = Record<string, never>>(plugin: Plugin<O>): Plugin<O> {
  return Object.freeze(
    Object.assign(Object.create(null) as object, plugin, { [PLUGIN_BRAND]: true }),
  );
}

/** True for a value made by {@link definePlugin} or shaped like a plugin. */
export function isPlugin(value: unknown): value is Plugin<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Plugin<unknown>> & { [PLUGIN_BRAND]?: boolean };
  return v[PLUGIN_BRAND] === true || (typeof v.name === 'string' && typeof v.setup === 'function');
}
