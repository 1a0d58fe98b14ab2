'use strict';
/**
 * Issue 7, in one process: what the security headers cost a reply, without the machine's noise.
 * `node bench/micro-full/security-headers-loop.js none|before|after|trusted` builds 200,000
 * replies (the kernel's Reply over a real ServerResponse, an HTML page) and prints CPU µs per
 * reply: `none` without the hook, `before` the hook of `results/raw/security-variants/before`
 * (ctx.res.setHeader), `after` the plugin's build (ctx.reply.header), `trusted` the same headers
 * pushed into the reply's held list unvalidated (what a kernel API for boot-validated header
 * blocks would cost; reads a private field). Needs the Reply that holds its headers and writes
 * them with one writeHead (core/src/http/reply.ts) and `npx tsc -b` of core and security.
 */
const http = require('node:http');
const { Reply } = require('../../core/dist/http/reply.js');
const which = process.argv[2] ?? 'after';
const dir =
  which === 'before'
    ? require('node:path').join(__dirname, '../results/raw/security-variants/before/security')
    : require('node:path').join(__dirname, '../../plugins/security/dist');
const { computeHeaderSet, createHeadersHook } = require(dir + '/security-headers.js');
const { SECURITY_STATE } = require(dir + '/security-state.js');
const NONCE = SECURITY_STATE.nonce;
const sec = createHeadersHook(computeHeaderSet({}));
const none = () => {};
const set = computeHeaderSet({});
const trusted = (ctx) => {
  const h = ctx.reply.held;
  for (const [k, v] of set.http) h.push(k, v);
  const n = ctx.state[NONCE];
  h.push(set.csp.name, n === undefined ? set.csp.plain : set.csp.before + n + set.csp.after);
};
const hook = which === 'none' ? none : which === 'trusted' ? trusted : sec;
const body = '<!DOCTYPE html>' + 'x'.repeat(310);
function once() {
  const req = { method: 'GET', headers: {} };
  const res = new http.ServerResponse(req);
  // A page with a CSP nonce, as the views locals make one.
  const state = { [NONCE]: 'q83vEjRWeJCrze8SNFZ4kA==' };
  const ctx = { method: 'GET', protocol: 'http', state, log: { warn() {} } };
  const reply = new Reply(
    ctx,
    res,
    { onSend: [hook], onResponse: [], onSendFailure() {} },
    'abc-1',
  );
  ctx.reply = reply;
  Object.defineProperty(ctx, 'res', { get: () => reply.raw });
  reply.header('vary', 'Accept');
  reply.appendHeader('vary', 'Cookie');
  reply.header('server', 'Pith');
  reply.type('text/html; charset=utf-8').send(body);
  return res;
}
for (let i = 0; i < 20000; i++) once();
const N = 200000;
const t = process.cpuUsage();
for (let i = 0; i < N; i++) once();
const d = process.cpuUsage(t);
console.log(which.padEnd(7), ((d.user + d.system) / N).toFixed(2), 'µs per reply');
