import { SetMetadata } from '@pith/router';

/** What a route renders, recorded by {@link Render} and read once at boot. */
export interface RenderSpec {
  /** The HTML template, e.g. `appointments/list` (`<dir>/appointments/list.ejs`). */
  readonly html?: string;
  /** The XML template, e.g. `appointments/list.xml` (`<dir>/appointments/list.xml.ejs`). */
  readonly xml?: string;
  /** The HTML layout for this route; `false` renders the page alone. Defaults to the plugin's. */
  readonly layout?: string | false;
}

/** The metadata key {@link Render} writes on the handler method. */
export const RENDER_METADATA: unique symbol = Symbol('pith:views:render');

/**
 * Binds templates to a route: the router then offers HTML (and XML) besides JSON and renders the
 * handler's return value with them. Only records metadata (through the router's `SetMetadata`).
 *
 * @example
 * @Get('/')
 * @Render({ html: 'appointments/list', xml: 'appointments/list.xml' })
 * list() { return { appointments: this.service.upcoming() }; }
 */
export function Render(spec: string | RenderSpec): MethodDecorator {
  const value: RenderSpec = Object.freeze(typeof spec === 'string' ? { html: spec } : { ...spec });
  return SetMetadata(RENDER_METADATA, value);
}
