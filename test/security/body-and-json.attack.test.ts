/**
 * SECURITY-DEFAULTS rows "body", "media types" and "JSON": limits on decoded bytes, 413 before
 * reading, 415 for unknown encodings and non-JSON bodies on JSON routes, prototype-poisoning keys,
 * nesting depth. Each attack also checks that nothing was created.
 */
import { gzipSync } from 'node:zlib';
import type { Application } from '@pith/core';
import { createSecurityApp, type TestData } from './security-app';
import { rawRequest } from './socket-client';

let app: Application;
let data: TestData;
beforeEach(async () => {
  ({ app, data } = await createSecurityApp());
});
afterEach(() => app.close());

const post = (payload: string | Buffer, headers: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/public-notes',
    payload,
    headers: { accept: 'application/json', ...headers },
  });

describe('attack: body limits', () => {
  it('a JSON body over 1 MiB gets 413', async () => {
    const res = await post(JSON.stringify({ text: 'a'.repeat(1024 * 1024 + 10) }), {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(413);
    expect(data.notes).toEqual([]);
  });

  it('a urlencoded body over 100 KiB gets 413', async () => {
    const res = await post(`text=${'a'.repeat(101 * 1024)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(413);
    expect(data.notes).toEqual([]);
  });

  it('a gzip bomb is measured in decoded bytes: 2 MiB inflated from a few KiB gets 413', async () => {
    const bomb = gzipSync(JSON.stringify({ text: ' '.repeat(2 * 1024 * 1024) }));
    expect(bomb.length).toBeLessThan(10 * 1024);
    const res = await post(bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.statusCode).toBe(413);
    expect(data.notes).toEqual([]);
  });

  it('an unsupported Content-Encoding gets 415', async () => {
    const res = await post('{"text":"x"}', {
      'content-type': 'application/json',
      'content-encoding': 'compress',
    });
    expect(res.statusCode).toBe(415);
    expect(data.notes).toEqual([]);
  });

  it('multipart is off: 415', async () => {
    const res = await post(
      '--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nx\r\n--b--\r\n',
      {
        'content-type': 'multipart/form-data; boundary=b',
      },
    );
    expect(res.statusCode).toBe(415);
    expect(data.notes).toEqual([]);
  });

  it('a declared Content-Length over the limit gets 413 before the body is sent (real socket)', async () => {
    const port = (await app.listen(0, '127.0.0.1')).port;
    const res = await rawRequest(port, [
      'POST /public-notes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${50 * 1024 * 1024}\r\nAccept: application/json\r\n\r\n{"text":`,
    ]);
    expect(res.status).toBe(413);
    expect(data.notes).toEqual([]);
  });
});

describe('attack: media types', () => {
  it('a text/plain "simple request" to a JSON route gets 415 (the cross-site form/fetch CSRF vector)', async () => {
    const res = await post('{"text":"csrf"}', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(data.notes).toEqual([]);
  });

  it('media types are parsed case-insensitively with parameters', async () => {
    const res = await post('{"text":"ok"}', { 'content-type': 'Application/JSON; Charset=UTF-8' });
    expect(res.statusCode).toBe(200);
    expect(data.notes).toEqual(['ok']);
  });

  it('+json types are refused unless enabled', async () => {
    const res = await post('{"text":"x"}', { 'content-type': 'application/merge-patch+json' });
    expect(res.statusCode).toBe(415);
    expect(data.notes).toEqual([]);
  });
});

describe('attack: JSON prototype poisoning and depth', () => {
  const json = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/attack/appointments',
      payload,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });

  it.each([
    ['__proto__', '{"title":"x","durationMinutes":5,"remind":true,"__proto__":{"isAdmin":true}}'],
    [
      'constructor.prototype',
      '{"title":"x","durationMinutes":5,"remind":true,"constructor":{"prototype":{"isAdmin":true}}}',
    ],
    [
      'nested __proto__',
      '{"title":{"__proto__":{"polluted":true}},"durationMinutes":5,"remind":true}',
    ],
  ])('a %s key gets 400 and pollutes nothing', async (_label, payload) => {
    const res = await json(payload);
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(data.appointments).toEqual([]);
  });

  it('nesting deeper than the bound gets 400', async () => {
    const res = await json(
      `{"title":${'['.repeat(100)}${']'.repeat(100)},"durationMinutes":5,"remind":true}`,
    );
    expect(res.statusCode).toBe(400);
    expect(data.appointments).toEqual([]);
  });

  it('a DTO body must be an object: an array or a scalar gets 400', async () => {
    for (const payload of ['[{"title":"x"}]', '"x"', '42', 'null']) {
      const res = await json(payload);
      expect([payload, res.statusCode]).toEqual([payload, 400]);
    }
    expect(data.appointments).toEqual([]);
  });
});
