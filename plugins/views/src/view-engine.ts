import { randomBytes } from 'node:crypto';
import { PithError, type RequestContext } from '@pith/core';
import { renderWithLayout } from './layout-render';
import type { CompiledTemplate, TemplateStore } from './template-store';
import {
  addHandlerData,
  copyLocals,
  type LocalsContributor,
  type ViewsExtensions,
} from './view-locals';

/** A template a route renders, with the layout chosen at boot. */
export interface BoundView {
  readonly page: CompiledTemplate;
  readonly layout: CompiledTemplate | undefined;
}

/**
 * The views of one app: its template store, the default layout, and the locals contributors
 * other plugins registered during setup. Routes get {@link BoundView}s at boot, so a request
 * never looks a template up by name.
 */
export class ViewEngine {
  private contributors: LocalsContributor[] = [];
  private isSealed = false;
  /** Block markers are random per app (see renderWithLayout). */
  private readonly marker = `<!--pith-block-${randomBytes(9).toString('base64url')}:`;

  constructor(
    private readonly store: TemplateStore,
    private readonly defaultLayout: string | undefined,
  ) {}

  /** At ready: compiles the templates (if no route did yet), checks the layout, fixes the locals. */
  start(): void {
    this.store.load();
    if (this.defaultLayout !== undefined) this.layout(this.defaultLayout, 'plugins.views.layout');
    this.contributors = Object.freeze([...this.contributors]) as LocalsContributor[];
    this.isSealed = true;
  }

  /** The template for a route, or a boot error naming the route and the template. */
  bind(name: string, handlerName: string, layout: string | false | undefined): BoundView {
    this.store.load();
    const page = this.store.find(name);
    if (!page) {
      throw new PithError(
        'ERR_VIEW_NOT_FOUND',
        `${handlerName} renders ${this.store.describe(name)}, which does not exist`,
      );
    }
    const layoutName = layout === undefined ? this.defaultLayout : layout;
    return {
      page,
      layout:
        layoutName === false || layoutName === undefined || page.isXml
          ? undefined
          : this.layout(layoutName, `the layout of ${handlerName}`),
    };
  }

  /** A template by name at runtime (error pages), or undefined. */
  find(name: string): CompiledTemplate | undefined {
    return this.store.find(name);
  }

  /** The default layout, for error pages. */
  get layoutTemplate(): CompiledTemplate | undefined {
    return this.defaultLayout === undefined ? undefined : this.store.find(this.defaultLayout);
  }

  /**
   * Renders a route's view for one request: contributed locals, then the handler's data, in a
   * fresh null-prototype object. Stays synchronous when every contributor is.
   */
  render(view: BoundView, data: unknown, ctx: RequestContext): string | Promise<string> {
    const locals = Object.create(null) as Record<string, unknown>;
    const contributors = this.contributors;
    if (contributors.length === 0) {
      addHandlerData(locals, data);
      return renderWithLayout(this.store, view.page, view.layout, locals, this.marker);
    }
    const results = contributors.map((contribute) => contribute(ctx));
    if (results.some(isThenable)) {
      return Promise.all(results.map((r) => Promise.resolve(r))).then((values) =>
        this.finish(view, locals, values, data),
      );
    }
    return this.finish(view, locals, results, data);
  }

  private finish(
    view: BoundView,
    locals: Record<string, unknown>,
    contributed: ReadonlyArray<object | undefined>,
    data: unknown,
  ): string {
    for (const values of contributed) if (values) copyLocals(locals, values);
    addHandlerData(locals, data);
    return renderWithLayout(this.store, view.page, view.layout, locals, this.marker);
  }

  /** What other plugins and app code get through the VIEWS token. */
  extensions(): ViewsExtensions {
    return {
      addLocals: (contributor) => {
        if (this.isSealed) {
          throw new PithError(
            'ERR_VIEWS_SEALED',
            'addLocals() after the app started; register locals contributors during setup',
          );
        }
        if (typeof contributor !== 'function')
          throw new TypeError('addLocals() takes a function (ctx) => object');
        this.contributors.push(contributor);
      },
      render: (name, data) => {
        if (!this.isSealed)
          throw new PithError('ERR_VIEWS_SEALED', `render("${name}") before the app is ready`);
        const page = this.store.find(name);
        if (!page)
          throw new PithError('ERR_VIEW_NOT_FOUND', `render(): no ${this.store.describe(name)}`);
        const locals = Object.create(null) as Record<string, unknown>;
        addHandlerData(locals, data);
        return renderWithLayout(this.store, page, undefined, locals, this.marker);
      },
    };
  }

  private layout(name: string, usedBy: string): CompiledTemplate {
    const layout = this.store.find(name);
    if (!layout) {
      throw new PithError(
        'ERR_VIEW_NOT_FOUND',
        `${usedBy} is ${this.store.describe(name)}, which does not exist`,
      );
    }
    return layout;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}
