import { PithError } from '@pith/core';
import type { Responder, ResponderFactory, RouteDefinition } from '@pith/router';
import { RENDER_METADATA, type RenderSpec } from './render-decorator';
import type { ViewEngine } from './view-engine';

/** The `Content-Type` of HTML views. */
export const HTML_TYPE = 'text/html; charset=utf-8';
/** The `Content-Type` of XML views. */
export const XML_TYPE = 'application/xml; charset=utf-8';

/**
 * The router calls this once per route at boot: a route with `@Render` metadata gets an HTML
 * and/or an XML responder bound to its compiled templates; JSON stays the router's.
 */
export function createResponderFactory(engine: ViewEngine): ResponderFactory {
  return (route) => {
    const spec = route.getMetadata<RenderSpec>(RENDER_METADATA);
    if (spec === undefined) return undefined;
    checkSpec(spec, route);
    const responders: Responder[] = [];
    if (spec.html !== undefined) {
      const view = engine.bind(spec.html, route.handlerName, spec.layout);
      responders.push({
        format: 'html',
        mediaType: 'text/html',
        contentType: HTML_TYPE,
        preferred: true,
        render: (data, ctx) => engine.render(view, data, ctx),
      });
    }
    if (spec.xml !== undefined) {
      const view = engine.bind(spec.xml, route.handlerName, false);
      responders.push({
        format: 'xml',
        mediaType: 'application/xml',
        contentType: XML_TYPE,
        suffix: '.xml',
        render: (data, ctx) => engine.render(view, data, ctx),
      });
    }
    return responders;
  };
}

function checkSpec(spec: RenderSpec, route: RouteDefinition): void {
  const problem = specProblem(spec);
  if (problem !== undefined) {
    throw new PithError('ERR_VIEW_RENDER_SPEC', `@Render on ${route.handlerName} ${problem}`);
  }
}

function specProblem(spec: RenderSpec): string | undefined {
  if (typeof spec !== 'object' || spec === null) return 'is not an object';
  const { html, xml, layout } = spec;
  if (html === undefined && xml === undefined) return 'names neither an html nor an xml template';
  for (const name of [html, xml]) {
    if (name !== undefined && (typeof name !== 'string' || name === ''))
      return 'has a template name that is not a non-empty string';
  }
  if (layout !== undefined && layout !== false && (typeof layout !== 'string' || layout === ''))
    return 'has a layout that is neither a template name nor false';
  if (xml !== undefined && !xml.endsWith('.xml'))
    return `names the XML template "${xml}"; XML templates are named *.xml (file *.xml.ejs) so they escape for XML`;
  return undefined;
}
