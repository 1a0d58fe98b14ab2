import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type * as LightMyRequest from 'light-my-request';
import type { InjectOptions, Response as InjectResponse } from 'light-my-request';
import type { AppConfig, PluginEntry, ResolvedConfig } from './config/app-config';
import type { EnvOverride } from './config/env-overrides';
import { resolveConfig } from './config/resolve-config';
import { APP, CONFIG, LOGGER, READINESS, type Token } from './container/tokens';
import { REQUEST_CONTEXT, requestContextAccessor } from './http/request-context';
import { PithError } from './errors/http-error';
import {
  defaultErrorRenderers,
  type ErrorMapper,
  type ErrorRenderer,
} from './http/error-responder';
import { freezeHooks } from './http/hooks';
import { compilePipeline, type RequestPipeline } from './http/request-pipeline';
import { Readiness } from './lifecycle/readiness';
import { drainRequests, handleSignals, runCloseHooks } from './lifecycle/shutdown';
import { createLogger } from './logger';
import type { CommandSpec, Plugin } from './plugin/plugin';
import { runOnReady, setupPlugins } from './plugin/plugin-boot';
import { orderPlugins } from './plugin/plugin-order';
import { formatPluginReport, type PluginReport } from './plugin/plugin-report';
import { resolvePlugins, type EnabledPlugin } from './plugin/plugin-resolver';
import { createRegistries } from './plugin/setup-context';
import { listenHttp } from './server/http-server';

type State = 'created' | 'starting' | 'ready' | 'closing' | 'closed';

/**
 * A Pith application: a config, the plugins it enables, one child DI container, and the HTTP
 * pipeline compiled at `ready()`.
 *
 * @example
 * const app = createApp({ plugins: { router: { controllers: [HelloController] } } });
 * await app.listen();
 */
export class Application {
  readonly config: ResolvedConfig;
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly readiness = new Readiness();
  private state: State = 'created';
  private readyPromise: Promise<this> | undefined;
  private closePromise: Promise<void> | undefined;
  private readonly registered: EnabledPlugin[] = [];
  private readonly envOverrides: readonly EnvOverride[];
  private readonly registries = createRegistries(defaultErrorRenderers);
  private reports: readonly PluginReport[] = [];
  private pipeline: RequestPipeline | undefined;
  private httpServer: Server | undefined;
  private removeSignalHandlers: (() => void) | undefined;
  private readonly closeLogger: () => void;
  /** onClose undoes onReady: an app only set up (`pith routes`, a failed setup) skips it. */
  private isOpened = false;
  /** Who turned the request context on (`server.requestContext` true, a plugin, a resolution). */
  private requestContextBy: string | undefined;

  constructor(config: AppConfig = {}, env: NodeJS.ProcessEnv = process.env) {
    const resolved = resolveConfig(config, env);
    this.config = resolved.config;
    this.envOverrides = resolved.overrides;
    const logging = createLogger(this.config);
    this.logger = logging.logger;
    this.closeLogger = logging.close;
    this.container = rootContainer.createChildContainer();
    this.container.register(CONFIG, { useValue: this.config });
    this.container.register(LOGGER, { useValue: this.logger });
    this.container.register(APP, { useValue: this });
    this.container.register(READINESS, { useValue: this.readiness });
    this.container.register(REQUEST_CONTEXT, {
      useFactory: () => {
        this.requireRequestContext('resolving REQUEST_CONTEXT');
        return requestContextAccessor;
      },
    });
    if (this.config.server.requestContext === true)
      this.requestContextBy = 'server.requestContext: true';
  }

  /**
   * Turns the request context on for `by` (a plugin, a service injecting `REQUEST_CONTEXT`):
   * from the start when asked before `ready()`, else for the requests that arrive from now on.
   * Refused with `ERR_CONFIG_INVALID` when the config set `server.requestContext: false`.
   */
  requireRequestContext(by: string): void {
    if (this.requestContextBy !== undefined) return;
    if (this.config.server.requestContext === false)
      throw new PithError(
        'ERR_CONFIG_INVALID',
        `${by} reads the request context during requests, but server.requestContext is false; set it to "auto" or true`,
      );
    this.requestContextBy = by;
    this.pipeline?.enableRequestContext();
    this.logger.debug({ by }, 'request context on');
  }

  /** What turned the request context on, or undefined while it is off. */
  get requestContext(): string | undefined {
    return this.requestContextBy;
  }

  /** Adds a plugin in code, before `ready()`; config-enabled plugins come first. */
  register<O>(plugin: Plugin<O>, options?: O): this {
    this.assertState('created', 'register a plugin');
    const given: unknown = options ?? {};
    // tsc needs the assertion (unknown is no options record); the lint rule misreads the union.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const entry: PluginEntry = [plugin, given as Record<string, unknown>];
    const entries = resolvePlugins(
      { [plugin.name]: entry },
      this.config.rootDir,
      this.envOverrides,
    );
    this.registered.push(...entries);
    return this;
  }

  /** Loads, orders and sets up the plugins, runs their `onReady`, and compiles the pipeline. */
  ready(): Promise<this> {
    this.readyPromise ??= this.start();
    return this.readyPromise;
  }

  /**
   * Orders and sets up the plugins only (no `onReady`, no I/O): enough to list plugins, routes
   * and commands. The app can still `ready()` afterwards.
   */
  setup(): this {
    if (this.state === 'closing' || this.state === 'closed') this.assertState('created', 'set up');
    if (this.state !== 'created') return this;
    try {
      this.reports = setupPlugins(this.loadPlugins(), this, this.registries);
    } catch (error) {
      // Half-filled registries must never be set up a second time.
      this.state = 'closed';
      throw error;
    }
    this.state = 'starting';
    return this;
  }

  private loadPlugins(): EnabledPlugin[] {
    const fromConfig = resolvePlugins(this.config.plugins, this.config.rootDir, this.envOverrides);
    return orderPlugins([...fromConfig, ...this.registered], (e) => e.plugin);
  }

  private async start(): Promise<this> {
    if (this.state !== 'created' && this.state !== 'starting') this.assertState('created', 'start');
    try {
      if (this.state === 'created') this.setup();
      this.isOpened = true;
      await runOnReady(this.registries, this.reports);
      this.pipeline = compilePipeline({
        config: this.config,
        logger: this.logger,
        hooks: freezeHooks(this.registries.hooks),
        dispatcher: this.registries.dispatcher?.fn,
        errorRenderers: Object.freeze({ ...this.registries.errorRenderers }),
        errorMappers: Object.freeze([...this.registries.errorMappers]),
        readiness: this.readiness,
        requestContext: this.requestContextBy !== undefined,
      });
      this.state = 'ready';
      return this;
    } catch (error) {
      if (this.isOpened) await this.runOnClose();
      await this.container.dispose();
      this.state = 'closed';
      throw error;
    }
  }

  /** The Node request listener, for a server you create yourself. Call after `ready()`. */
  get handler(): (req: IncomingMessage, res: ServerResponse) => void {
    if (!this.pipeline)
      throw new PithError('ERR_APP_CLOSED', 'the app is not ready: await app.ready() first');
    return this.pipeline.handle;
  }

  /** The HTTP server `listen()` started, if any. */
  get server(): Server | undefined {
    return this.httpServer;
  }

  /** Starts an HTTP server with the configured timeouts and limits. */
  async listen(
    port = this.config.server.port,
    host = this.config.server.host,
  ): Promise<AddressInfo> {
    await this.ready();
    if (this.httpServer)
      throw new PithError('ERR_APP_ALREADY_READY', 'cannot listen: the app is already listening');
    this.httpServer = await listenHttp(
      this.handler,
      this.config.server,
      port,
      host,
      this.registries.clientErrorHeaders,
    );
    if (this.config.shutdown.handleSignals)
      this.removeSignalHandlers = handleSignals(() => this.close(), this.logger);
    const address = this.httpServer.address() as AddressInfo;
    this.logger.info(
      { port: address.port, host: address.address, requestContext: this.requestContextBy ?? 'off' },
      'listening',
    );
    return address;
  }

  /** Runs one request in-process with no socket (light-my-request). */
  async inject(options: InjectOptions | string): Promise<InjectResponse> {
    await this.ready();
    // Loaded on first use: a server in production never injects, and should not load it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { inject } = require('light-my-request') as typeof LightMyRequest;
    return inject(this.handler, options);
  }

  /** Resolves a token or class from the app's container. */
  resolve<T>(token: Token<T> | (new (...args: never[]) => T)): T {
    return this.container.resolve<T>(token as symbol);
  }

  /** The commands plugins added, for the CLI. */
  get commands(): ReadonlyMap<string, CommandSpec & { plugin: string }> {
    return this.registries.commands;
  }

  /** The plugins in the order they were set up, with their timings. */
  get plugins(): readonly PluginReport[] {
    return this.reports;
  }

  /** A readable table of the plugins, their sources and setup / ready timings, and whether the request context is on. */
  printPlugins(): string {
    const context = this.requestContextBy
      ? `request context: on (${this.requestContextBy})`
      : `request context: off (server.requestContext ${JSON.stringify(this.config.server.requestContext)})`;
    return `${formatPluginReport(this.reports)}\n${context}`;
  }

  /**
   * Stops taking requests (new ones get 503 + `Connection: close`), lets in-flight requests
   * finish within `shutdown.drainTimeout`, then runs `onClose` hooks in reverse and disposes.
   */
  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  private async shutdown(): Promise<void> {
    // When ready, stop taking requests synchronously: a response already being written must
    // see `Connection: close` before its handler resumes.
    if (this.state !== 'ready' && this.readyPromise) await this.readyPromise.catch(() => undefined);
    if (this.state === 'closed') return;
    this.state = 'closing';
    this.readiness.markShuttingDown();
    this.pipeline?.startClosing();
    const timeout = this.config.shutdown.drainTimeout;
    await drainRequests(this.httpServer, this.pipeline?.inFlight, timeout, this.logger);
    this.pipeline?.stop();
    this.removeSignalHandlers?.();
    if (this.isOpened) await this.runOnClose();
    await this.container.dispose();
    this.state = 'closed';
    this.logger.info('closed');
    this.closeLogger();
  }

  private runOnClose(): Promise<void> {
    return runCloseHooks(
      [...this.registries.onClose].reverse(),
      this.logger,
      this.config.shutdown.closeTimeout,
    );
  }

  private assertState(expected: State, action: string): void {
    if (this.state === expected) return;
    if (this.state === 'closing' || this.state === 'closed')
      throw new PithError('ERR_APP_CLOSED', `cannot ${action}: the app is ${this.state}`);
    throw new PithError(
      'ERR_APP_ALREADY_READY',
      `cannot ${action}: the app is ${this.state}, and plugins and routes are fixed once it starts`,
    );
  }
}

/** Creates an application from its config. */
export function createApp(
  config: AppConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): Application {
  return new Application(config, env);
}

export type { ErrorMapper, ErrorRenderer, PluginReport };
