'use strict';
/**
 * Issue 7's page (the suite's `pith-page` / `pith-page-secure` servers, bench/apps/pith/page-app.ts,
 * built to bench/dist) in one of several variants, to split the security plugin's cost:
 * `SECURITY=off|on|no-headers|no-csrf PORT=… node bench/micro-full/security-page-app.js`.
 * `on` is every default (helmet headers with a CSP nonce, a masked CSRF token in the page).
 */
const { createPageApp } = require('../dist/pith/page-app');

const VARIANTS = {
  off: false,
  on: {},
  'no-headers': { headers: false },
  'no-csrf': { csrf: false },
};
const variant = VARIANTS[process.env.SECURITY ?? 'off'];
if (variant === undefined) throw new Error(`SECURITY must be one of ${Object.keys(VARIANTS)}`);

createPageApp(variant)
  .listen(Number(process.env.PORT ?? 8080), '127.0.0.1')
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
