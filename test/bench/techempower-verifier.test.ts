/**
 * The TechEmpower verifier's rules, checked against the Pith bench app over a real socket so
 * that the benchmark measures a correct app: status, `Server`, a fresh `Date`, `Content-Length`,
 * the exact content types, and the bodies. The benchmark runs this same app (bench/apps/pith).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Application } from '@pith/core';
import { ORM } from '@pith/orm';
import { createBenchApp, type BenchProfile } from '../../bench/apps/pith/bench-app';
import { Fortune, World } from '../../bench/apps/pith/tfb.entities';

// The Accept headers the verifier sends for each test type.
const JSON_ACCEPT =
  'application/json,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7';
const PLAIN_ACCEPT =
  'text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7';

const JSON_TYPE = /^application\/json(; ?charset=(UTF|utf)-8)?$/;
const PLAIN_TYPE = /^text\/plain(; ?charset=(UTF|utf)-8)?$/;
const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

interface Answer {
  status: number;
  headers: Headers;
  body: string;
  bytes: number;
}

async function get(base: string, path: string, accept: string): Promise<Answer> {
  const res = await fetch(base + path, { headers: { accept } });
  const raw = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    body: raw.toString('utf8'),
    bytes: raw.length,
  };
}

/** The checks every TechEmpower test type makes. */
function expectVerifierHeaders(answer: Answer, contentType: RegExp): void {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('server')).toBeTruthy();
  const date = answer.headers.get('date') ?? '';
  expect(date).toMatch(HTTP_DATE);
  // A Date cached longer than about a second fails the verifier's second request.
  expect(Math.abs(Date.parse(date) - Date.now())).toBeLessThan(2000);
  expect(answer.headers.get('transfer-encoding')).toBeNull();
  expect(answer.headers.get('content-length')).toBe(String(answer.bytes));
  expect(answer.headers.get('content-type')).toMatch(contentType);
}

async function start(profile: BenchProfile): Promise<{ app: Application; base: string }> {
  const app = createBenchApp(profile);
  const address: AddressInfo = await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${address.port}` };
}

describe.each<BenchProfile>(['kernel', 'router'])('Pith bench app, %s profile', (profile) => {
  let app: Application;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start(profile));
  });
  afterAll(() => app.close());

  test('/json answers {"message":"Hello, World!"} as JSON with the verifier headers', async () => {
    const answer = await get(base, '/json', JSON_ACCEPT);
    expectVerifierHeaders(answer, JSON_TYPE);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Hello, World!' });
    expect(answer.bytes).toBe(27);
  });

  test('/plaintext answers exactly "Hello, World!" as text/plain', async () => {
    const answer = await get(base, '/plaintext', PLAIN_ACCEPT);
    expectVerifierHeaders(answer, PLAIN_TYPE);
    expect(answer.body).toBe('Hello, World!');
  });

  test('an unknown path is a clean 404, not a 200', async () => {
    const answer = await get(base, '/nope', JSON_ACCEPT);
    expect(answer.status).toBe(404);
  });
});

describe('Pith bench app, router profile: /users/:id', () => {
  let app: Application;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start('router'));
  });
  afterAll(() => app.close());

  test('echoes the route parameter and the fields query', async () => {
    const answer = await get(base, '/users/42?fields=name,email', JSON_ACCEPT);
    expectVerifierHeaders(answer, JSON_TYPE);
    expect(answer.body).toBe('{"id":"42","fields":"name,email"}');
  });

  test('leaves fields out when the query has none; decodes escapes in the parameter and the query', async () => {
    expect((await get(base, '/users/7', JSON_ACCEPT)).body).toBe('{"id":"7"}');
    const encoded = await get(base, '/users/a%20b?fields=x%26y', JSON_ACCEPT);
    expect(JSON.parse(encoded.body)).toEqual({ id: 'a b', fields: 'x&y' });
  });
});

// The fortune table of the TechEmpower tests, and the page the verifier expects from it: the
// request-time row added, code-unit order (`<script>` first, Japanese last), markup escaped.
const FORTUNES = [
  'fortune: No such file or directory',
  "A computer scientist is someone who fixes things that aren't broken.",
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];
const FORTUNES_PAGE =
  '<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>' +
  '<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>' +
  '<tr><td>4</td><td>A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1</td></tr>' +
  '<tr><td>5</td><td>A computer program does what you tell it to do, not what you want it to do.</td></tr>' +
  '<tr><td>2</td><td>A computer scientist is someone who fixes things that aren&#39;t broken.</td></tr>' +
  '<tr><td>8</td><td>A list is only as strong as its weakest link. — Donald Knuth</td></tr>' +
  '<tr><td>0</td><td>Additional fortune added at request time.</td></tr>' +
  '<tr><td>3</td><td>After enough decimal places, nobody gives a damn.</td></tr>' +
  '<tr><td>7</td><td>Any program that runs right is obsolete.</td></tr>' +
  '<tr><td>10</td><td>Computers make very fast, very accurate mistakes.</td></tr>' +
  '<tr><td>6</td><td>Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen</td></tr>' +
  '<tr><td>9</td><td>Feature: A bug with seniority.</td></tr>' +
  '<tr><td>1</td><td>fortune: No such file or directory</td></tr>' +
  '<tr><td>12</td><td>フレームワークのベンチマーク</td></tr>' +
  '</table></body></html>';

const FORTUNE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const HTML_TYPE = /^text\/html; ?charset=(UTF|utf)-8$/;
const WORLD_ROWS = 10_000;

interface WorldRow {
  id: number;
  randomNumber: number;
}

function expectWorld(value: unknown): asserts value is WorldRow {
  expect(value).toEqual({ id: expect.any(Number), randomNumber: expect.any(Number) });
  const row = value as WorldRow;
  expect(row.id).toBeGreaterThanOrEqual(1);
  expect(row.id).toBeLessThanOrEqual(WORLD_ROWS);
  expect(row.randomNumber).toBeGreaterThanOrEqual(1);
  expect(row.randomNumber).toBeLessThanOrEqual(10_000);
}

describe.each(['full', 'full-micro'] as const)(
  'Pith bench app, %s profile (router + orm + views) on SQLite',
  (profile) => {
    let app: Application;
    let base: string;
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'pith-tfb-'));
      app = createBenchApp(profile, {
        url: `sqlite:${path.join(dir, 'tfb.sqlite')}`,
        schema: 'update',
      });
      await app.ready();
      const orm = app.resolve(ORM);
      await orm.withEntityManager(() =>
        orm.transaction(async (em) => {
          const worlds = Array.from({ length: WORLD_ROWS }, (_, i) => ({
            id: i + 1,
            randomNumber: 1 + ((i * 7919) % 10_000),
          }));
          await em.insertMany(World, worlds);
          await em.insertMany(
            Fortune,
            FORTUNES.map((message, i) => ({ id: i + 1, message })),
          );
        }),
      );
      const address = await app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${address.port}`;
    });
    afterAll(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('/db answers one World object with the verifier headers', async () => {
      const answer = await get(base, '/db', JSON_ACCEPT);
      expectVerifierHeaders(answer, JSON_TYPE);
      expectWorld(JSON.parse(answer.body));
    });

    test.each([
      ['2', 2],
      ['0', 1],
      ['foo', 1],
      ['501', 500],
      ['', 1],
      ['20', 20],
    ])('/queries?queries=%p answers an array of %i Worlds', async (given, count) => {
      const answer = await get(base, `/queries?queries=${given}`, JSON_ACCEPT);
      expectVerifierHeaders(answer, JSON_TYPE);
      const rows = JSON.parse(answer.body) as unknown[];
      expect(Array.isArray(rows)).toBe(true);
      expect(rows).toHaveLength(count);
      rows.forEach(expectWorld);
    });

    test('/queries without the parameter answers one World in an array', async () => {
      const rows = JSON.parse((await get(base, '/queries', JSON_ACCEPT)).body) as unknown[];
      expect(rows).toHaveLength(1);
    });

    test.each([
      ['2', 2],
      ['0', 1],
      ['foo', 1],
      ['501', 500],
      ['', 1],
    ])('/updates?queries=%p answers %i Worlds and persists them', async (given, count) => {
      const answer = await get(base, `/updates?queries=${given}`, JSON_ACCEPT);
      expectVerifierHeaders(answer, JSON_TYPE);
      const rows = JSON.parse(answer.body) as WorldRow[];
      expect(rows).toHaveLength(count);
      rows.forEach(expectWorld);
      // What was answered is what is stored (ids repeat at random: the last write wins).
      const answered = new Map(rows.map((r) => [r.id, r.randomNumber]));
      const orm = app.resolve(ORM);
      const stored = await orm.withEntityManager((em) =>
        em.find(World, { id: { $in: [...answered.keys()] } }, { disableIdentityMap: true }),
      );
      expect(new Map(stored.map((w) => [w.id, w.randomNumber]))).toEqual(answered);
    });

    test('/fortunes renders the verifier page byte for byte as UTF-8 HTML', async () => {
      const answer = await get(base, '/fortunes', FORTUNE_ACCEPT);
      expectVerifierHeaders(answer, HTML_TYPE);
      expect(answer.body).toBe(FORTUNES_PAGE);
    });
  },
);

// The runner's own seeding (bench/lib/db-seed.js): the file the benchmark's views profile reads.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript without types
const { seedSqlite } = require('../../bench/lib/db-seed') as {
  seedSqlite: (file: string, rootDir: string) => string;
};

describe('Pith bench app, views profile (router + views, bare SQLite statement, no orm)', () => {
  let app: Application;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pith-tfb-views-'));
    const file = seedSqlite(path.join(dir, 'tfb.sqlite'), path.join(__dirname, '..', '..'));
    app = createBenchApp('views', { url: `sqlite:${file}` });
    const address = await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('/fortunes renders the verifier page byte for byte as UTF-8 HTML', async () => {
    const answer = await get(base, '/fortunes', FORTUNE_ACCEPT);
    expectVerifierHeaders(answer, HTML_TYPE);
    expect(answer.body).toBe(FORTUNES_PAGE);
  });

  test('serves nothing but /fortunes (no orm, no other route)', async () => {
    expect((await get(base, '/db', JSON_ACCEPT)).status).toBe(404);
  });

  test('refuses a database that is not SQLite at boot', () => {
    expect(() => createBenchApp('views', { url: 'postgresql://127.0.0.1/x' })).toThrow(/sqlite:/);
  });
});

describe.each<[BenchProfile, boolean]>([
  ['page', false],
  ['page-secure', true],
])('Pith bench app, %s profile (issue 7)', (profile, secure) => {
  let app: Application;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start(profile));
  });
  afterAll(() => app.close());

  test('/page renders the session page; a returning visitor keeps the session without a new cookie', async () => {
    const first = await get(base, '/page', FORTUNE_ACCEPT);
    expectVerifierHeaders(first, HTML_TYPE);
    expect(first.body).toContain('<h1>Hello, guest</h1>');
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]);
    expect(cookie).toHaveLength(1);
    const again = await fetch(`${base}/page`, { headers: { cookie: cookie[0] } });
    const body = await again.text();
    expect(again.status).toBe(200);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(body).toContain('<h1>Hello, guest</h1>');
    // Only the secured page carries a CSRF token and the helmet headers with a CSP nonce.
    expect(body.includes('name="_csrf"')).toBe(secure);
    expect(again.headers.get('x-frame-options')).toBe(secure ? 'SAMEORIGIN' : null);
    const csp = again.headers.get('content-security-policy');
    if (secure) expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='/);
    else expect(csp).toBeNull();
  });
});
