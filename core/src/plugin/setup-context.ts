import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { Application } from '../application';
import type { ResolvedConfig } from '../config/app-config';
import type { Token } from '../container/tokens';
import { PithError } from '../errors/http-error';
import type { ErrorMapper, ErrorRenderer } from '../http/error-responder';
import { HOOK_PHASES, type HookMap, type HookPhase } from '../http/hooks';
import type { CommandSpec, Dispatcher, PluginContext, Provider, ReadinessCheck } from './plugin';

/** What the kernel itself writes on a parser error's answer: a plugin's value would double it. */
const KERNEL_CLIENT_ERROR_HEADERS = new Set([
  'connection',
  'content-type',
  'content-length',
  'cache-control',
  'x-content-type-options',
  'x-request-id',
]);

/** What plugins declare during setup, collected per app. */
export interface PluginRegistries {
  hooks: { [P in HookPhase]: HookMap[P][] };
  errorRenderers: Record<string, ErrorRenderer>;
  errorMappers: ErrorMapper[];
  commands: Map<string, CommandSpec & { plugin: string }>;
  onReady: Array<{ plugin: string; fn: () => void | Promise<void> }>;
  onClose: Array<{ plugin: string; fn: () => void | Promise<void> }>;
  dispatcher: { plugin: string; fn: Dispatcher } | undefined;
  /** Extra header lines of the answers Node's parser errors get (400, 408, 431). */
  clientErrorHeaders: Array<[string, string]>;
}

/** Empty registries for a new app; the built-in error renderers are the starting point. */
export function createRegistries(
  renderers: Readonly<Record<string, ErrorRenderer>>,
): PluginRegistries {
  return {
    hooks: Object.fromEntries(HOOK_PHASES.map((p) => [p, []])) as unknown as {
      [P in HookPhase]: HookMap[P][];
    },
    errorRenderers: { ...renderers },
    errorMappers: [],
    commands: new Map(),
    onReady: [],
    onClose: [],
    dispatcher: undefined,
    clientErrorHeaders: [],
  };
}

/** The {@link PluginContext} one plugin gets; refuses every declaration once sealed. */
export class PluginSetupContext implements PluginContext {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly container: DependencyContainer;
  private sealed = false;

  constructor(
    readonly name: string,
    private readonly app: Application,
    private readonly registries: PluginRegistries,
  ) {
    this.config = app.config;
    this.logger = app.logger.child({ plugin: name });
    this.container = app.container;
  }

  get isProduction(): boolean {
    return this.config.env === 'production';
  }

  get isDevelopment(): boolean {
    return this.config.env === 'development';
  }

  seal(): void {
    this.sealed = true;
  }

  private open(action: string): void {
    if (this.sealed) {
      throw new PithError(
        'ERR_APP_ALREADY_READY',
        `plugin "${this.name}" tried to ${action} after setup; declare everything in setup()`,
      );
    }
  }

  provide<T>(token: Token<T> | (new (...args: never[]) => T), provider: Provider<T>): void {
    this.open('provide a dependency');
    const key = token as symbol;
    if ('useValue' in provider) this.container.register(key, { useValue: provider.useValue });
    else if ('useFactory' in provider)
      this.container.register(key, { useFactory: provider.useFactory });
    else if ('useClass' in provider) {
      if (provider.singleton === false)
        this.container.register(key, {
          useClass: provider.useClass as new (...args: unknown[]) => T,
        });
      else
        this.container.registerSingleton(key, provider.useClass as new (...args: unknown[]) => T);
    } else {
      throw new PithError(
        'ERR_PROVIDER_INVALID',
        `plugin "${this.name}" provided ${String(key.description ?? key)} with no useValue, useClass or useFactory`,
      );
    }
  }

  requireRequestContext(): void {
    this.open('require the request context');
    this.app.requireRequestContext(`plugin "${this.name}"`);
  }

  resolve<T>(token: Token<T> | (new (...args: never[]) => T)): T {
    return this.container.resolve<T>(token as symbol);
  }

  addHook<P extends HookPhase>(phase: P, hook: HookMap[P]): void {
    this.open(`add an ${phase} hook`);
    if (!HOOK_PHASES.includes(phase))
      throw new PithError(
        'ERR_PLUGIN_SETUP',
        `plugin "${this.name}" added a hook to unknown phase "${phase}"; phases are ${HOOK_PHASES.join(', ')}`,
      );
    if (typeof hook !== 'function')
      throw new PithError(
        'ERR_PLUGIN_SETUP',
        `plugin "${this.name}" added a ${phase} hook that is not a function`,
      );
    (this.registries.hooks[phase] as HookMap[P][]).push(hook);
  }

  hooks<P extends HookPhase>(phase: P): readonly HookMap[P][] {
    if (!this.sealed) {
      throw new PithError(
        'ERR_PLUGIN_SETUP',
        `plugin "${this.name}" read the ${phase} hooks during setup; read them in onReady, when every plugin has declared its own`,
      );
    }
    return Object.freeze([...(this.registries.hooks[phase] as HookMap[P][])]);
  }

  addReadinessCheck(
    name: string,
    check: ReadinessCheck,
    options: { timeoutMs?: number } = {},
  ): void {
    this.open('add a readiness check');
    if (this.app.readiness.names.includes(name))
      throw new PithError(
        'ERR_PLUGIN_SETUP',
        `plugin "${this.name}" adds readiness check "${name}", which is already registered`,
      );
    this.app.readiness.add(name, check, options.timeoutMs);
  }

  addErrorMapper(mapper: ErrorMapper): void {
    this.open('add an error mapper');
    this.registries.errorMappers.push(mapper);
  }

  addClientErrorHeaders(headers: Readonly<Record<string, string>>): void {
    this.open('add client error headers');
    for (const [name, value] of Object.entries(headers)) {
      if (KERNEL_CLIENT_ERROR_HEADERS.has(name.toLowerCase())) continue;
      // Checked here: these go onto the socket as raw text, past Node's own header checks.
      validateHeaderName(name);
      validateHeaderValue(name, value);
      this.registries.clientErrorHeaders.push([name, value]);
    }
  }

  setErrorRenderer(format: string, renderer: ErrorRenderer): void {
    this.open('set an error renderer');
    this.registries.errorRenderers[format] = renderer;
  }

  setDispatcher(dispatcher: Dispatcher): void {
    this.open('set the dispatcher');
    const taken = this.registries.dispatcher;
    if (taken)
      throw new PithError(
        'ERR_DISPATCHER_TAKEN',
        `plugin "${this.name}" sets the dispatcher, but plugin "${taken.plugin}" already did`,
      );
    this.registries.dispatcher = { plugin: this.name, fn: dispatcher };
  }

  addCommand(name: string, command: CommandSpec): void {
    this.open('add a command');
    const taken = this.registries.commands.get(name);
    if (taken)
      throw new PithError(
        'ERR_PLUGIN_SETUP',
        `plugin "${this.name}" adds command "${name}", which plugin "${taken.plugin}" already added`,
      );
    this.registries.commands.set(name, { ...command, plugin: this.name });
  }

  onReady(fn: () => void | Promise<void>): void {
    this.open('add an onReady hook');
    this.registries.onReady.push({ plugin: this.name, fn });
  }

  onClose(fn: () => void | Promise<void>): void {
    this.open('add an onClose hook');
    this.registries.onClose.push({ plugin: this.name, fn });
  }
}
