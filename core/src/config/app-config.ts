import { s, type Infer } from './options-schema';
import type { Plugin } from '../plugin/plugin';

/** How a plugin is enabled: `true`, options, a plugin object, or a plugin with options. */
export type PluginEntry =
  | boolean
  | Record<string, unknown>
  | Plugin<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- options are checked by the plugin's schema
  | readonly [Plugin<any>, Record<string, unknown>?]; // eslint-disable-line @typescript-eslint/no-explicit-any

export const serverSchema = s.object({
  port: s.number({ integer: true, min: 0, max: 65535 }).default(3000),
  host: s.string().default('0.0.0.0'),
  /** Time to receive the request headers (slowloris). */
  headersTimeout: s.number({ integer: true, min: 1000 }).default(20_000),
  /** Time to receive the whole request. */
  requestTimeout: s.number({ integer: true, min: 1000 }).default(60_000),
  keepAliveTimeout: s.number({ integer: true, min: 0 }).default(5_000),
  maxHeaderSize: s.number({ integer: true, min: 1024 }).default(16 * 1024),
  maxConnections: s.number({ integer: true, min: 1 }).default(10_000),
  /** A handler still running after this answers 503 and its `ctx.signal` aborts; 0 disables. */
  handlerTimeout: s.number({ integer: true, min: 0 }).default(30_000),
  /** Trust `X-Forwarded-*` headers (only behind a proxy you run). */
  trustProxy: s.boolean().default(false),
  /** Adopt a client's `X-Request-Id` (only behind a proxy that sets it). */
  trustRequestId: s.boolean().default(false),
  /**
   * Make the request reachable through `currentRequest()` and `REQUEST_CONTEXT`
   * (AsyncLocalStorage). On Node 20 that turns on async hooks for the whole process, about a
   * tenth of the CPU of a small request, so `"auto"` pays it only when something reads it: a
   * plugin that calls `requireRequestContext()` (the orm plugin), or anything resolving
   * `REQUEST_CONTEXT` from the container. `true` always, `false` never (and a plugin that
   * needs it stops the boot).
   */
  requestContext: s.union('true, false or "auto"', s.boolean(), s.enum('auto')).default('auto'),
});

export const loggerSchema = s.object({
  level: s.enum('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').optional(),
  pretty: s.boolean().optional(),
  /** One line per finished request; default on in development only. */
  requests: s.boolean().optional(),
});

export const healthSchema = s.object({
  enabled: s.boolean().default(true),
  healthPath: s.string({ pattern: /^\// }).default('/healthz'),
  readyPath: s.string({ pattern: /^\// }).default('/readyz'),
});

export const shutdownSchema = s.object({
  /** How long in-flight requests may take to finish after SIGTERM. */
  drainTimeout: s.number({ integer: true, min: 0 }).default(25_000),
  /** Install SIGTERM/SIGINT handlers when listening. */
  handleSignals: s.boolean().default(true),
  /** How long each plugin's onClose may take (a client stuck on a dead server must not hang exit). */
  closeTimeout: s.number({ integer: true, min: 0 }).default(10_000),
});

export const appConfigSchema = s.object({
  name: s.string().default('pith-app'),
  env: s.enum('development', 'production', 'test').optional(),
  debugErrors: s.boolean().optional(),
  rootDir: s.string().optional(),
  server: serverSchema.default({}),
  logger: loggerSchema.default({}),
  health: healthSchema.default({}),
  shutdown: shutdownSchema.default({}),
  plugins: s
    .custom<Record<string, PluginEntry>>(
      'an object of plugin names to options',
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    )
    .default({}),
});

/** An app's configuration as written. */
export interface AppConfig {
  name?: string;
  env?: 'development' | 'production' | 'test';
  /**
   * Puts the message and stack of a server error (5xx) into its response. Defaults to on only when
   * development is chosen explicitly (`env: 'development'` or `NODE_ENV=development`), never when
   * it is merely the fallback for an unset `NODE_ENV`.
   */
  debugErrors?: boolean;
  /** Where relative plugin module paths resolve; defaults to the working directory. */
  rootDir?: string;
  server?: Partial<Infer<typeof serverSchema>>;
  logger?: Partial<Infer<typeof loggerSchema>>;
  health?: Partial<Infer<typeof healthSchema>>;
  shutdown?: Partial<Infer<typeof shutdownSchema>>;
  /** Plugins to enable, by built-in name (`router`), module path, or plugin object. */
  plugins?: Record<string, PluginEntry>;
}

/** The configuration after defaults, environment overrides and validation. */
export interface ResolvedConfig {
  readonly name: string;
  readonly env: 'development' | 'production' | 'test';
  readonly debugErrors: boolean;
  readonly rootDir: string;
  readonly server: Readonly<Infer<typeof serverSchema>>;
  readonly logger: Readonly<Infer<typeof loggerSchema>>;
  readonly health: Readonly<Infer<typeof healthSchema>>;
  readonly shutdown: Readonly<Infer<typeof shutdownSchema>>;
  readonly plugins: Readonly<Record<string, PluginEntry>>;
}

/**
 * Types an app's config; returns it unchanged.
 *
 * @example
 * export default defineConfig({ plugins: { router: { controllers: [HelloController] } } });
 */
export function defineConfig(config: AppConfig): AppConfig {
  return config;
}
