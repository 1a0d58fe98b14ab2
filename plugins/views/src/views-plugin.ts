import path from 'node:path';
import { definePlugin, s, type Infer } from '@pith/core';
import { ROUTER } from '@pith/router';
import { createErrorRenderer } from './error-pages';
import { TemplateStore } from './template-store';
import { ViewEngine } from './view-engine';
import { VIEWS } from './view-locals';
import { createResponderFactory } from './view-responders';

const optionsSchema = s.object({
  /** The views folder, absolute or relative to the app's `rootDir`. */
  dir: s.string({ minLength: 1 }),
  /** The default HTML layout, e.g. `layouts/main`; none when absent. */
  layout: s.string({ minLength: 1 }).optional(),
});

/** The views plugin's options. */
export type ViewsOptions = Infer<typeof optionsSchema>;

/**
 * EJS views: HTML and XML representations for routes marked with `@Render`, layouts, app-wide
 * locals from other plugins ({@link VIEWS}) and HTML error pages.
 *
 * @example
 * createApp({ plugins: { router: { controllers }, views: { dir: 'views', layout: 'layouts/main' } } });
 */
export const viewsPlugin = definePlugin<ViewsOptions>({
  name: 'views',
  dependencies: ['router'],
  options: optionsSchema,
  setup(ctx, options) {
    const store = new TemplateStore({
      dir: path.resolve(ctx.config.rootDir, options.dir),
      watch: ctx.isDevelopment,
      compileDebug: ctx.isDevelopment,
    });
    const engine = new ViewEngine(store, options.layout);
    ctx.provide(VIEWS, { useValue: engine.extensions() });
    ctx.resolve(ROUTER).addResponders(createResponderFactory(engine));
    ctx.setErrorRenderer('html', createErrorRenderer(engine));
    ctx.onReady(() => engine.start());
  },
});
