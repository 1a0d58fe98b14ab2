import path from 'node:path';
import type { RequestContext } from '@pith/core';
import type { Responder, RouteDefinition } from '@pith/router';
import { RENDER_METADATA, type RenderSpec } from '../../../plugins/views/src/render-decorator';
import { TemplateStore } from '../../../plugins/views/src/template-store';
import { ViewEngine } from '../../../plugins/views/src/view-engine';
import { createResponderFactory } from '../../../plugins/views/src/view-responders';

/** The fixture views folder. */
export const FIXTURE_VIEWS = path.join(__dirname, 'fixtures', 'views');

/** A route definition as the router hands it to responder factories at boot. */
export function fakeRoute(
  spec: RenderSpec | undefined,
  handlerName = 'PagesController.show',
): RouteDefinition {
  return {
    method: 'GET',
    path: '/x',
    controller: class {},
    propertyKey: 'show',
    handlerName,
    getMetadata: <T>(key: symbol | string) =>
      (key === RENDER_METADATA ? spec : undefined) as T | undefined,
  };
}

/** An engine over a views folder, with its responder factory. */
export function makeViews(
  options: { dir?: string; layout?: string; watch?: boolean; compileDebug?: boolean } = {},
) {
  const store = new TemplateStore({
    dir: options.dir ?? FIXTURE_VIEWS,
    watch: options.watch ?? false,
    compileDebug: options.compileDebug ?? false,
  });
  const engine = new ViewEngine(store, options.layout);
  const factory = createResponderFactory(engine);
  const responders = (spec: RenderSpec, handlerName?: string) => {
    const list = factory(fakeRoute(spec, handlerName)) ?? [];
    return Object.fromEntries(list.map((r) => [r.format, r])) as Record<string, Responder>;
  };
  return { store, engine, factory, responders, extensions: engine.extensions() };
}

/** Only contributors read the context in these tests. */
export const fakeCtx = { id: 'req-1' } as unknown as RequestContext;
