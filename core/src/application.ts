import 'reflect-metadata';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import inject, { type InjectOptions, type Response as InjectResponse } from 'light-my-request';
import type { AppConfig, ResolvedConfig } from './config/app-config';
import { resolveConfig } from './config/resolve-config';
import { APP, CONFIG, LOGGER, READINESS, type Token } from './container/tokens';
import { PithError } from './errors/http-error';
import { HOOK_PHASES, type FrozenHooks, type HookMap, type HookPhase } from './http/hooks';
import {
  defaultErrorRenderers,
  type ErrorMapper,
  type ErrorRenderer,
} from './http/error-responder';
import { compilePipeline, type RequestPipeline } from './http/request-pipeline';
import { Readiness } from './lifecycle/readiness';
import { createLogger } from './logger';
import type { CommandSpec, Dispatcher, Plugin } from './plugin/plugin';
import { orderPlugins } from './plugin/plugin-order';
import { resolvePlugins, type EnabledPlugin } from './plugin/plugin-resolver';
import { PluginSetupContext, type PluginRegistries } from './plugin/setup-context';

type State = 'created' | 'starting' | 'ready' | 'closing' | 'closed';

/** One plugin as `app.printPlugins()` shows it. */
export interface PluginReport {
  readonly name: string;
  readonly source: string;
  readonly dependencies: readonly string[];
  readonly setupMs: number;
  readonly readyMs: number;
}

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
  private readonly envOverrides;
  private readonly registries: PluginRegistries = {
    hooks: Object.fromEntries(HOOK_PHASES.map((p) => [p, []])) as unknown as {
      [P in HookPhase]: HookMap[P][];
    },
    errorRenderers: { ...defaultErrorRenderers },
    errorMappers: [],
    commands: new Map(),
    onReady: [],
    onClose: [],
    dispatcher: undefined,
  };
  private reports: PluginReport[] = [];
  private pipeline: RequestPipeline | undefined;
  private server: Server | undefined;
  private signalHandlers: Array<[NodeJS.Signals, () => void]> = [];

  constructor(config: AppConfig = {}, env: NodeJS.ProcessEnv = process.env) {
    const resolved = resolveConfig(config, env);
    this.config = resolved.config;
    this.envOverrides = resolved.overrides;
    this.logger = createLogger(this.config);
    this.container = rootContainer.createChildContainer();
    this.container.register(CONFIG, { useValue: this.config });
    this.container.register(LOGGER, { useValue: this.logger });
    this.container.register(APP, { useValue: this });
    this.container.register(READINESS, { useValue: this.readiness });
  }

  /** Adds a plugin in code, before `ready()`; config-enabled plugins come first. */
  register<O>(plugin: Plugin<O>, options?: O): this {
    this.assertState('created', 'register a plugin');
    const entries = resolvePlugins(
      { [plugin.name]: [plugin as Plugin<unknown>, options as Record<string, unknown>] },
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

  private async start(): Promise<this> {
    this.assertState('created', 'start');
    this.state = 'starting';
    try {
      const fromConfig = resolvePlugins(
        this.config.plugins,
        this.config.rootDir,
        this.envOverrides,
      );
      const enabled = orderPlugins([...fromConfig, ...this.registered], (e) => e.plugin);
      const contexts: PluginSetupContext[] = [];
      for (const entry of enabled) {
        const ctx = new PluginSetupContext(entry.plugin.name, this, this.registries);
        const started = performance.now();
        try {
          entry.plugin.setup(ctx, entry.options);
        } catch (error) {
          throw error instanceof PithError
            ? error
            : new PithError(
                'ERR_PLUGIN_SETUP',
                `plugin "${entry.plugin.name}" failed in setup: ${(error as Error).message}`,
                { cause: error },
              );
        }
        contexts.push(ctx);
        this.reports.push({
          name: entry.plugin.name,
          source: entry.source,
          dependencies: entry.plugin.dependencies ?? [],
          setupMs: performance.now() - started,
          readyMs: 0,
        });
      }
      for (const ctx of contexts) ctx.seal();
      for (const { plugin, fn } of this.registries.onReady) {
        const started = performance.now();
        try {
          await fn();
        } catch (error) {
          throw error instanceof PithError
            ? error
            : new PithError(
                'ERR_PLUGIN_READY',
                `plugin "${plugin}" failed in onReady: ${(error as Error).message}`,
                { cause: error },
              );
        }
        const report = this.reports.find((r) => r.name === plugin);
        if (report) (report as { readyMs: number }).readyMs += performance.now() - started;
      }
      const hooks = Object.freeze(
        Object.fromEntries(
          HOOK_PHASES.map((p) => [p, Object.freeze([...this.registries.hooks[p]])]),
        ),
      ) as unknown as FrozenHooks;
      this.pipeline = compilePipeline({
        config: this.config,
        logger: this.logger,
        hooks,
        dispatcher: this.registries.dispatcher?.fn,
        errorRenderers: Object.freeze({ ...this.registries.errorRenderers }),
        errorMappers: Object.freeze([...this.registries.errorMappers]),
        readiness: this.readiness,
      });
      this.state = 'ready';
      return this;
    } catch (error) {
      this.state = 'created';
      await this.runOnClose();
      this.state = 'closed';
      throw error;
    }
  }

  /** The Node request listener, for a server you create yourself. Call after `ready()`. */
  get handler(): (req: http.IncomingMessage, res: http.ServerResponse) => void {
    if (!this.pipeline)
      throw new PithError('ERR_APP_CLOSED', 'the app is not ready: await app.ready() first');
    return this.pipeline.handle;
  }

  /** Starts an HTTP server with the configured timeouts and limits. */
  async listen(
    port = this.config.server.port,
    host = this.config.server.host,
  ): Promise<AddressInfo> {
    await this.ready();
    const { server: opts } = this.config;
    const server = http.createServer(
      {
        maxHeaderSize: opts.maxHeaderSize,
        requestTimeout: opts.requestTimeout,
        headersTimeout: opts.headersTimeout,
        keepAliveTimeout: opts.keepAliveTimeout,
      },
      this.handler,
    );
    server.maxConnections = opts.maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (this.config.shutdown.handleSignals) this.installSignalHandlers();
    const address = server.address() as AddressInfo;
    this.logger.info({ port: address.port, host: address.address }, 'listening');
    return address;
  }

  /** Runs one request in-process with no socket (light-my-request). */
  async inject(options: InjectOptions | string): Promise<InjectResponse> {
    await this.ready();
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

  /** A readable table of the plugins, their sources and setup / ready timings. */
  printPlugins(): string {
    const rows = this.reports.map(
      (r) =>
        `${r.name.padEnd(12)} ${`${r.setupMs.toFixed(1)} ms`.padStart(10)} ${`${r.readyMs.toFixed(1)} ms`.padStart(10)}  ${r.source}${r.dependencies.length ? ` (after ${r.dependencies.join(', ')})` : ''}`,
    );
    return [
      `${'plugin'.padEnd(12)} ${'setup'.padStart(10)} ${'ready'.padStart(10)}  source`,
      ...rows,
    ].join('\n');
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
    if (this.state === 'starting') await this.readyPromise?.catch(() => undefined);
    if (this.state === 'closed') return;
    this.state = 'closing';
    this.readiness.markShuttingDown();
    this.pipeline?.startClosing();
    await this.drain();
    this.pipeline?.stop();
    this.removeSignalHandlers();
    await this.runOnClose();
    await this.container.dispose();
    this.state = 'closed';
    this.logger.info('closed');
  }

  private async drain(): Promise<void> {
    const server = this.server;
    const pipeline = this.pipeline;
    const timeout = this.config.shutdown.drainTimeout;
    const closed = server
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    server?.closeIdleConnections();
    const deadline = Date.now() + timeout;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), timeout)),
    );
    const inFlightDone = (async () => {
      while (pipeline && pipeline.inFlight.size > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const outcome = await Promise.race([
      Promise.all([closed, inFlightDone]).then(() => 'done' as const),
      expired,
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.logger.warn(
        { inFlight: pipeline?.inFlight.size ?? 0 },
        'drain timed out; closing remaining connections',
      );
      server?.closeAllConnections();
      await closed;
    }
  }

  private async runOnClose(): Promise<void> {
    for (const { plugin, fn } of [...this.registries.onClose].reverse()) {
      try {
        await fn();
      } catch (error) {
        this.logger.error({ err: error, plugin }, 'onClose failed');
      }
    }
  }

  private installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const handler = (): void => {
        this.logger.info({ signal }, 'shutting down');
        this.close().then(
          () => process.exit(0),
          (error: unknown) => {
            this.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once(signal, handler);
      this.signalHandlers.push([signal, handler]);
    }
  }

  private removeSignalHandlers(): void {
    for (const [signal, handler] of this.signalHandlers) process.off(signal, handler);
    this.signalHandlers = [];
  }

  /** @internal used by the setup context */
  isReady(): boolean {
    return this.state === 'ready';
  }

  private assertState(expected: State, action: string): void {
    if (this.state !== expected) {
      throw new PithError(
        'ERR_APP_ALREADY_READY',
        `cannot ${action}: the app is ${this.state}, and plugins and routes are fixed once it starts`,
      );
    }
  }

  /** @internal */
  setDispatcher(plugin: string, fn: Dispatcher): void {
    const taken = this.registries.dispatcher;
    if (taken)
      throw new PithError(
        'ERR_DISPATCHER_TAKEN',
        `plugin "${plugin}" sets the dispatcher, but plugin "${taken.plugin}" already did`,
      );
    this.registries.dispatcher = { plugin, fn };
  }

  /** @internal */
  get pluginEnvOverrides() {
    return this.envOverrides;
  }
}

/** Creates an application from its config. */
export function createApp(
  config: AppConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): Application {
  return new Application(config, env);
}

export type { ErrorMapper, ErrorRenderer };
