#!/usr/bin/env node
'use strict';
// The `pith` command. It lives in the source tree, not in dist/, so that npm links it into
// node_modules/.bin at install time, before anything is built.
const fs = require('node:fs');
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(
    `pith: @pith/core is not built (${main} is missing); run \`npm run build\` first.\n`,
  );
  process.exit(1);
}
require(main);
