import type { RequestContext } from './request-context';

/** The request hook phases, in the order they run. */
export const HOOK_PHASES = ['onRequest', 'preHandler', 'onSend', 'onResponse', 'onError'] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

/** A hook of any phase but `onError`. It may end the request by sending a reply. */
export type RequestHook = (ctx: RequestContext) => void | Promise<void>;
/** An `onError` hook: observes (logs, reports) an error before the error responder answers. */
export type ErrorHook = (ctx: RequestContext, error: unknown) => void | Promise<void>;

export interface HookMap {
  onRequest: RequestHook;
  preHandler: RequestHook;
  onSend: RequestHook;
  onResponse: RequestHook;
  onError: ErrorHook;
}

/** The hooks of an app, frozen at ready; an empty phase is an empty array that the pipeline skips. */
export type FrozenHooks = { readonly [P in HookPhase]: readonly HookMap[P][] };

function isThenable(value: unknown): value is PromiseLike<void> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<void>).then === 'function'
  );
}

/**
 * Runs hooks in order. Before the reply is committed it stops once a hook has sent one;
 * `afterSend` hooks (onSend, onResponse) all run. Stays synchronous while every hook does, so a
 * pipeline of sync hooks allocates no promise.
 */
export function runHooks(
  hooks: readonly RequestHook[],
  ctx: RequestContext,
  afterSend = false,
): void | Promise<void> {
  for (let i = 0; i < hooks.length; i++) {
    if (!afterSend && ctx.reply.sent) return;
    const result = hooks[i](ctx);
    if (isThenable(result)) return continueAsync(hooks, ctx, i, result, afterSend);
  }
}

async function continueAsync(
  hooks: readonly RequestHook[],
  ctx: RequestContext,
  index: number,
  pending: PromiseLike<void>,
  afterSend: boolean,
): Promise<void> {
  await pending;
  for (let i = index + 1; i < hooks.length; i++) {
    if (!afterSend && ctx.reply.sent) return;
    await hooks[i](ctx);
  }
}

/** Freezes the collected hooks at ready: one frozen array per phase, empty ones included. */
export function freezeHooks(hooks: {
  readonly [P in HookPhase]: readonly HookMap[P][];
}): FrozenHooks {
  return Object.freeze(
    Object.fromEntries(HOOK_PHASES.map((p) => [p, Object.freeze([...hooks[p]])])),
  ) as unknown as FrozenHooks;
}

export { isThenable };
