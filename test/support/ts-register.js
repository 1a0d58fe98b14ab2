// Lets child processes in tests run the repository's TypeScript sources (no build, never stale):
// compiles .ts with SWC and the repo's .swcrc (decorator metadata on, like jest) and maps
// `@pith/core` and every `@pith/<plugin>` that has sources to its src/index.ts (as jest.config.js).
// Use it as `node -r test/support/ts-register.js ...`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const swc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swc.$schema;
swc.sourceMaps = false;

function sourceOf(request) {
  if (request === '@pith/core') return path.join(root, 'core/src/index.ts');
  if (!/^@pith\/[a-z]+$/.test(request)) return undefined;
  const file = path.join(root, 'plugins', request.slice(6), 'src/index.ts');
  // An unknown @pith/<name> keeps Node's own resolution (and its "cannot find module" error).
  return fs.existsSync(file) ? file : undefined;
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, sourceOf(request) ?? request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swc,
    swcrc: false,
    filename,
  });
  module._compile(code, filename);
};
require('reflect-metadata');
