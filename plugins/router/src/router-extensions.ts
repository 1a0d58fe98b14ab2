import { createToken, type RequestContext, type RequestHook } from '@pith/core';

/** Any class: controllers, DTOs, services. */
export type Constructor<T = unknown> = new (...args: never[]) => T;

/**
 * One route as other plugins see it at boot, before it is compiled. Metadata reads happen here,
 * once: `getMetadata` looks on the method first, then on the controller class.
 */
export interface RouteDefinition {
  /** Upper-case method, or `ALL`. */
  readonly method: string;
  /** The full path pattern (prefix + route path), e.g. `/appointments/:id`. */
  readonly path: string;
  readonly controller: Constructor;
  readonly propertyKey: string;
  /** `AppointmentsController.show`, for errors and `pith routes`. */
  readonly handlerName: string;
  getMetadata<T>(key: symbol | string): T | undefined;
}

/**
 * A representation a route can produce besides JSON (which the router always offers). The
 * router negotiates among a route's responders with `Accept` (and `.json`/`.xml`-style suffixes
 * on GET routes) and calls the chosen one with the handler's return value.
 */
export interface Responder {
  /** Short name, also set as `ctx.format`: `html`, `xml`, `csv`… */
  readonly format: string;
  /** The media type offered in negotiation, e.g. `text/html`. */
  readonly mediaType: string;
  /** The `Content-Type` sent, e.g. `text/html; charset=utf-8`. */
  readonly contentType: string;
  /** A path suffix that selects this representation on GET routes, e.g. `.xml`. */
  readonly suffix?: string;
  /** Whether the router should prefer this over JSON when the client accepts both equally. */
  readonly preferred?: boolean;
  render(data: unknown, ctx: RequestContext): string | Promise<string>;
}

/** Decides at boot which extra responders a route gets; may throw a boot error naming the route. */
export type ResponderFactory = (route: RouteDefinition) => readonly Responder[] | undefined;

/** Per-route hooks another plugin contributes, decided at boot from the route's metadata. */
export interface RouteHooks {
  readonly preHandler?: readonly RequestHook[];
}
/** Decides at boot which preHandler hooks a route gets from another plugin. */
export type RouteHookFactory = (route: RouteDefinition) => RouteHooks | undefined;

/**
 * What the router lets other plugins do during their setup (they list `router` in
 * `dependencies` and resolve {@link ROUTER}).
 */
export interface RouterExtensions {
  addControllers(...controllers: Constructor[]): void;
  addResponders(factory: ResponderFactory): void;
  addRouteHooks(factory: RouteHookFactory): void;
  /** The compiled routes, after ready (for `pith routes` and tooling). */
  routes(): readonly RouteDefinition[];
}

/** The router's extension point in the app container. */
export const ROUTER = createToken<RouterExtensions>('pith:router');
