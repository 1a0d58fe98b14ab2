import { createToken, type RequestContext } from '@pith/core';

/** Adds app-wide template locals for one request (the user, flash messages, a CSRF token). */
export type LocalsContributor = (
  ctx: RequestContext,
) => object | undefined | Promise<object | undefined>;

/**
 * What the views plugin offers other plugins and app code, through {@link VIEWS}.
 *
 * @example
 * // in a plugin that lists `after: ['views']` and runs when views is enabled
 * if (ctx.container.isRegistered(VIEWS)) {
 *   ctx.resolve(VIEWS).addLocals((req) => ({ csrfToken: tokenFor(req) }));
 * }
 */
export interface ViewsExtensions {
  /** Registers a locals contributor; only during setup. Later contributors win on a clash. */
  addLocals(contributor: LocalsContributor): void;
  /**
   * Renders a template outside a route (an email body, a feed): no layout unless the template
   * calls `layout()`, no request locals. Only after ready.
   */
  render(name: string, data?: object): string;
}

/** The views plugin's extension point in the app container. */
export const VIEWS = createToken<ViewsExtensions>('pith:views');

/**
 * Names EJS's generated code uses inside `with (locals)`: a local with one of these names
 * would shadow the escape function or the output buffer, so data never defines them.
 */
const ENGINE_NAMES: Readonly<Record<string, true>> = Object.assign(
  Object.create(null) as Record<string, true>,
  { escapeFn: true, rethrow: true, locals: true } as const,
);

/** Copies an object's own enumerable properties into `locals`, skipping EJS's internal names. */
export function copyLocals(locals: Record<string, unknown>, source: object): void {
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (ENGINE_NAMES[key] === true || (key.charCodeAt(0) === 95 && key.charCodeAt(1) === 95))
      continue;
    locals[key] = (source as Record<string, unknown>)[key];
  }
}

/** Puts a handler's return value into `locals`: an object's properties, anything else as `data`. */
export function addHandlerData(locals: Record<string, unknown>, data: unknown): void {
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) copyLocals(locals, data);
  else if (data !== undefined) locals.data = data;
}
