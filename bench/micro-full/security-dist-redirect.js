'use strict';
/**
 * Preload (`node -r`) for security A/B runs: `PITH_SECURITY_DIST=<folder>` / `PITH_VIEWS_DIST=<folder>`
 * make `require('@pith/security')` / `require('@pith/views')` load that build instead of the
 * plugin's dist. The folders must sit inside the repository (e.g.
 * bench/results/raw/security-variants/before/security) so that their own requires resolve.
 */
const Module = require('node:module');
const path = require('node:path');

const redirects = new Map(
  [
    ['@pith/security', process.env.PITH_SECURITY_DIST],
    ['@pith/views', process.env.PITH_VIEWS_DIST],
  ].filter(([, dist]) => dist),
);
if (redirects.size > 0) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const dist = redirects.get(request);
    return dist ? path.join(path.resolve(dist), 'index.js') : resolve.call(this, request, ...rest);
  };
}
