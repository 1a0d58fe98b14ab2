'use strict';
/**
 * A page served with views + session, with or without the security plugin (issue 7's bench):
 * `SECURITY=on|off PORT=… node bench/micro-full/security-page-app.js`. The handler reads the
 * session (written on the first visit, so both variants carry a session cookie); with security on, the page also carries a masked CSRF token (a session write on the
 * first request only) and every response the helmet headers. Plain JavaScript, so the
 * decorators are applied by hand (what TypeScript's legacy decorators compile to).
 */
const path = require('node:path');
const { createApp } = require('@pith/core');
const { router, Controller, Get, Ctx } = require('@pith/router');
const { viewsPlugin, Render } = require('@pith/views');
const { sessionPlugin, getSession } = require('@pith/session');

class PageController {
  async page(ctx) {
    // Both variants keep a session (set on the first visit), so only security differs.
    const session = getSession(ctx);
    let name = await session.get('name');
    if (name === undefined) await session.set('name', (name = 'guest'));
    return { name, visits: 1 };
  }
}
const proto = PageController.prototype;
Ctx()(proto, 'page', 0);
let desc = Object.getOwnPropertyDescriptor(proto, 'page');
desc = Render({ html: 'page', layout: false })(proto, 'page', desc) ?? desc;
desc = Get('/page')(proto, 'page', desc) ?? desc;
Object.defineProperty(proto, 'page', desc);
Controller()(PageController);

const plugins = {
  router: [router, { controllers: [PageController] }],
  views: [viewsPlugin, { dir: path.join(__dirname, 'views') }],
  session: [sessionPlugin, { store: 'cookie', secret: 'x'.repeat(40) }],
};
if (process.env.SECURITY === 'on') {
  const { securityPlugin } = require('@pith/security');
  plugins.security = [securityPlugin, {}];
}
const app = createApp(
  { name: 'security-page', env: 'production', logger: { level: 'warn', requests: false }, plugins },
  {},
);
app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1').catch((error) => {
  console.error(error);
  process.exit(1);
});
