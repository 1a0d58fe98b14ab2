import { createApp, definePlugin } from '@pith/core';
import { NEEDS_DECODING, parseQuery, queryValue } from '../../core/src/http/query-string';

/** A small deterministic generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'b', 'ab', '=', '&', '?', '', '__proto__', 'toString', 'x=1', '%41', '+', 'é'];
const KEYS = ['a', 'b', 'ab', '', '__proto__', 'toString', 'x', 'A', 'a b'];

describe('one query parameter without building the query', () => {
  it('gives what parseQuery gives, for 20,000 generated queries', () => {
    const next = random(42);
    let scanned = 0;
    for (let n = 0; n < 20_000; n++) {
      let qs = '';
      const length = Math.floor(next() * 8);
      for (let i = 0; i < length; i++) qs += PIECES[Math.floor(next() * PIECES.length)];
      const parsed = parseQuery(qs);
      for (const key of KEYS) {
        const value = queryValue(`/p?${qs}`, 3, key);
        if (value === NEEDS_DECODING) continue;
        scanned++;
        expect([qs, key, value]).toEqual([qs, key, parsed[key]]);
      }
    }
    expect(scanned).toBeGreaterThan(50_000);
  });

  it('is ctx.queryParam, which falls back to the parsed query when it needs decoding', async () => {
    const app = createApp({ logger: { level: 'silent' } }).register(
      definePlugin({
        name: 'echo',
        setup: (ctx) =>
          ctx.setDispatcher((req) =>
            req.reply.json({ a: req.queryParam('a') ?? null, b: req.queryParam('b') ?? null }),
          ),
      }),
    );
    const ask = async (url: string) => (await app.inject(url)).json<unknown>();
    expect(await ask('/x?a=1&b=2&a=3')).toEqual({ a: ['1', '3'], b: '2' });
    expect(await ask('/x?a=%41+b&b')).toEqual({ a: 'A b', b: '' });
    expect(await ask('/x')).toEqual({ a: null, b: null });
    expect(await ask('/x?')).toEqual({ a: null, b: null });
    await app.close();
  });
});
