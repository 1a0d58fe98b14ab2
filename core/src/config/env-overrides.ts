import { PithError } from '../errors/http-error';
import { schemaAt, type Issue, type Schema } from './options-schema';

/** One environment variable that overrides a config value at `path`. */
export interface EnvOverride {
  readonly variable: string;
  readonly path: readonly string[];
  readonly raw: string;
}

const SHORTCUTS: Record<string, readonly string[]> = {
  PORT: ['server', 'port'],
  HOST: ['server', 'host'],
  LOG_LEVEL: ['logger', 'level'],
};

/**
 * Reads overrides from the environment: `PORT`, `HOST`, `LOG_LEVEL`, and
 * `PITH_<SECTION>__<KEY>…` (double underscore between levels, names case-insensitive), e.g.
 * `PITH_SERVER__HANDLERTIMEOUT=10000` or `PITH_PLUGINS__SESSION__STORE=redis`.
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [variable, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const shortcut = SHORTCUTS[variable];
    if (shortcut) out.push({ variable, path: shortcut, raw });
    else if (variable.startsWith('PITH_') && variable.length > 5) {
      out.push({
        variable,
        path: variable.slice(5).toLowerCase().split('__').filter(Boolean),
        raw,
      });
    }
  }
  return out;
}

/**
 * Writes overrides under `prefix` into a copy of `target`, coercing each raw string to the type
 * the schema expects at its path. An override naming no known option stops the boot.
 */
export function applyEnvOverrides(
  target: Record<string, unknown>,
  schema: Schema<unknown>,
  overrides: readonly EnvOverride[],
  prefix: readonly string[],
): Record<string, unknown> {
  let copy = target;
  for (const override of overrides) {
    if (!startsWith(override.path, prefix)) continue;
    const rest = override.path.slice(prefix.length);
    if (rest.length === 0) continue;
    const leaf = schemaAt(schema, rest);
    if (!leaf) {
      throw new PithError(
        'ERR_CONFIG_INVALID',
        `environment variable ${override.variable} names ${[...prefix, ...rest].join('.')}, which is not a known option`,
      );
    }
    if (copy === target) copy = structuredCloneShallow(target);
    setPath(copy, rest, leaf.fromEnv(override.raw), schema);
  }
  return copy;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((p, i) => path[i]?.toLowerCase() === p.toLowerCase());
}

function structuredCloneShallow(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.getPrototypeOf(v) === Object.prototype
        ? structuredCloneShallow(v as Record<string, unknown>)
        : v;
  }
  return out;
}

function setPath(
  target: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  schema: Schema<unknown>,
): void {
  let node = target;
  let nodeSchema: Schema<unknown> | undefined = schema;
  for (let i = 0; i < path.length; i++) {
    const shape: Record<string, Schema<unknown>> | undefined = (
      nodeSchema as { shape?: Record<string, Schema<unknown>> } | undefined
    )?.shape;
    const key: string =
      (shape && Object.keys(shape).find((k) => k.toLowerCase() === path[i].toLowerCase())) ??
      path[i];
    nodeSchema = shape?.[key];
    if (i === path.length - 1) node[key] = value;
    else {
      const next = node[key];
      const child: Record<string, unknown> = next && typeof next === 'object' ? { ...next } : {};
      node = node[key] = child;
    }
  }
}

/** Names the environment variable behind each issue it caused, so the fix is obvious. */
export function blameOverrides(
  issues: readonly Issue[],
  overrides: readonly EnvOverride[],
): Issue[] {
  return issues.map((issue) => {
    const path = issue.path.toLowerCase();
    const cause = overrides.find((o) => o.path.join('.').toLowerCase() === path);
    return cause ? { ...issue, problem: `${issue.problem} (from ${cause.variable})` } : issue;
  });
}
