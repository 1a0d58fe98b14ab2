import type { ErrorRenderer, Problem } from '@pith/core';
import { escapeHtml } from './markup-escape';
import type { ViewEngine } from './view-engine';
import { HTML_TYPE } from './view-responders';

/**
 * The HTML error renderer: the app's `errors/<status>` template, else `errors/default`, in the
 * default layout; the built-in page when the app has neither or its template fails. Templates see
 * `problem` (status, title, detail, errors, requestId; `debug` only in development) and `title`.
 */
export function createErrorRenderer(engine: ViewEngine): ErrorRenderer {
  return async (problem, ctx) => {
    const page = engine.find(`errors/${problem.status}`) ?? engine.find('errors/default');
    if (page && !page.isXml) {
      try {
        const data = { problem, title: `${problem.status} ${problem.title}` };
        const body = await engine.render({ page, layout: engine.layoutTemplate }, data, ctx);
        return { body, type: HTML_TYPE };
      } catch (error) {
        // A failing error page (a locals contributor whose store is down, a template bug) must
        // not hide the original error: answer with the page that needs nothing.
        ctx.log.error({ err: error }, 'error page template failed; sent the built-in page');
      }
    }
    return { body: builtinErrorPage(problem), type: HTML_TYPE };
  };
}

/** The error page used when the app has no error template of its own. */
export function builtinErrorPage(problem: Problem): string {
  const heading = `${problem.status} ${escapeHtml(problem.title)}`;
  const fields = problem.errors?.length
    ? `<ul class="errors">${problem.errors
        .map((e) => `<li><strong>${escapeHtml(e.field)}</strong>: ${escapeHtml(e.message)}</li>`)
        .join('')}</ul>`
    : '';
  const debug = problem.debug
    ? `<pre class="debug">${escapeHtml(problem.debug.stack ?? problem.debug.message)}</pre>`
    : '';
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${heading}</title></head>\n<body><main><h1>${heading}</h1>` +
    `<p>${escapeHtml(problem.detail)}</p>${fields}` +
    `<p><small>Request id: <code>${escapeHtml(problem.requestId)}</code></small></p>${debug}` +
    `</main></body></html>\n`
  );
}
