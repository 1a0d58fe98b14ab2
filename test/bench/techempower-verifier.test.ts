/**
 * The TechEmpower verifier's rules, checked against the Pith bench app over a real socket so
 * that the benchmark measures a correct app: status, `Server`, a fresh `Date`, `Content-Length`,
 * the exact content types, and the bodies. The benchmark runs this same app (bench/apps/pith).
 */
import type { AddressInfo } from 'node:net';
import type { Application } from '@pith/core';
import { createBenchApp, type BenchProfile } from '../../bench/apps/pith/bench-app';

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
