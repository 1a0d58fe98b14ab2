import { PithError } from '@pith/core';
import type { CompiledTemplate, TemplateStore } from './template-store';
import { copyLocals } from './view-locals';

/** Nested layouts (a layout that calls `layout()` itself) stop at this depth. */
const MAX_LAYOUT_DEPTH = 8;
const BLOCK_NAME = /^[A-Za-z_][\w-]*$/;
const NO_BLOCKS: Readonly<Record<string, string>> = Object.freeze(
  Object.create(null) as Record<string, string>,
);

/** Per-render state the template functions `include`, `layout` and `contentFor` share. */
interface RenderState {
  current: CompiledTemplate;
  layout: CompiledTemplate | false | undefined;
  hasBlocks: boolean;
}

/**
 * Renders `page` with `locals`, then wraps it in its layout: the layout sees the page's output
 * as `body` and its `contentFor` sections as `blocks`. `marker` is random per app: block
 * boundaries start with `<`, which escaped data can never contain, and cannot be guessed.
 */
export function renderWithLayout(
  store: TemplateStore,
  page: CompiledTemplate,
  layout: CompiledTemplate | undefined,
  locals: Record<string, unknown>,
  marker: string,
): string {
  const state: RenderState = { current: page, layout, hasBlocks: false };
  locals.include = (name: string, data?: object): string => {
    const from = state.current;
    const partial = store.find(name, from);
    if (!partial) {
      throw new PithError(
        'ERR_VIEW_NOT_FOUND',
        `template "${from.name}" includes ${store.describe(name, from)}, which does not exist`,
      );
    }
    const scope = data ? withData(locals, data) : locals;
    state.current = partial;
    try {
      return run(store, partial, scope);
    } finally {
      state.current = from;
    }
  };
  locals.layout = (name: string | false): string => {
    state.layout = name === false ? false : findLayout(store, name, state.current);
    return '';
  };
  locals.contentFor = (name: string): string => {
    if (typeof name !== 'string' || !BLOCK_NAME.test(name))
      throw new PithError(
        'ERR_VIEW_RENDER',
        `contentFor(${JSON.stringify(name)}) in "${state.current.name}": a block name is letters, digits, _ or -`,
      );
    state.hasBlocks = true;
    return `${marker}${name}-->`;
  };
  let blocks = NO_BLOCKS as Record<string, string>;
  locals.blocks = blocks;
  let out = run(store, page, locals);
  for (let depth = 0; ; depth++) {
    if (state.hasBlocks) {
      if (blocks === NO_BLOCKS) locals.blocks = blocks = Object.create(null) as typeof blocks;
      out = splitBlocks(out, marker, blocks, state.current.name);
      state.hasBlocks = false;
    }
    const next = state.layout;
    if (!next) return out;
    if (depth === MAX_LAYOUT_DEPTH) {
      throw new PithError(
        'ERR_VIEW_RENDER',
        `layout "${next.name}" is nested more than ${MAX_LAYOUT_DEPTH} deep; does a layout call layout() on itself?`,
      );
    }
    locals.body = out;
    state.layout = undefined;
    state.current = next;
    out = run(store, next, locals);
  }
}

/** Runs one template, recompiling it first when it changed (development). */
function run(store: TemplateStore, template: CompiledTemplate, locals: object): string {
  store.refresh(template);
  return template.fn(locals);
}

function findLayout(store: TemplateStore, name: string, from: CompiledTemplate): CompiledTemplate {
  const layout = store.find(name, from);
  if (!layout) {
    throw new PithError(
      'ERR_VIEW_NOT_FOUND',
      `template "${from.name}" asks for layout ${store.describe(name, from)}, which does not exist`,
    );
  }
  return layout;
}

/** A child scope for `include(name, data)`: the parent's locals plus the data; the template functions stay. */
function withData(locals: Record<string, unknown>, data: object): Record<string, unknown> {
  const scope = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(locals)) scope[key] = locals[key];
  copyLocals(scope, data);
  scope.include = locals.include;
  scope.layout = locals.layout;
  scope.contentFor = locals.contentFor;
  return scope;
}

/**
 * Cuts `out` at the block markers: text before the first marker (and after `contentFor('body')`)
 * is the body, the rest goes to the named blocks.
 */
function splitBlocks(
  out: string,
  marker: string,
  blocks: Record<string, string>,
  template: string,
): string {
  let at = out.indexOf(marker);
  if (at === -1) {
    throw new PithError(
      'ERR_VIEW_RENDER',
      `template "${template}" called contentFor() without printing it; write <%- contentFor('name') %>`,
    );
  }
  let body = out.slice(0, at);
  while (at !== -1) {
    const nameEnd = out.indexOf('-->', at + marker.length);
    const name = out.slice(at + marker.length, nameEnd);
    const next = out.indexOf(marker, nameEnd + 3);
    const content = out.slice(nameEnd + 3, next === -1 ? undefined : next);
    if (name === 'body') body += content;
    else blocks[name] = (blocks[name] ?? '') + content;
    at = next;
  }
  return body;
}
