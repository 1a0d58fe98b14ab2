'use strict';
/**
 * Preload (`node -r`) for an A/B run: `PITH_ORM_DIST=<folder>` makes `require('@pith/orm')` load
 * that build of the orm plugin instead of plugins/orm/dist. The folder must sit inside the
 * repository (e.g. bench/results/raw/orm-variants/before) so that its own requires resolve.
 */
const Module = require('node:module');
const path = require('node:path');

const dist = process.env.PITH_ORM_DIST;
if (dist) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === '@pith/orm') return path.join(dist, 'index.js');
    return resolve.call(this, request, ...rest);
  };
}
