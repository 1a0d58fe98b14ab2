import crypto from 'node:crypto';
import { PasswordHasher, safeRedirectPath } from '@pith/security';

describe('PasswordHasher (scrypt)', () => {
  const hasher = new PasswordHasher({ log2N: 10 });

  it('salts, encodes its parameters in the hash, and verifies', async () => {
    const a = await hasher.hash('hunter2 is long');
    const b = await hasher.hash('hunter2 is long');
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'hunter2 is long')).toBe(true);
    expect(await hasher.verify(a, 'hunter2 is lonG')).toBe(false);
    expect(await hasher.verify(a, '')).toBe(false);
  });

  it('verifies hashes made with other costs (they are in the string) and flags them for rehash', async () => {
    const old = await new PasswordHasher({ log2N: 8 }).hash('pw');
    expect(await hasher.verify(old, 'pw')).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw'))).toBe(false);
  });

  it('runs a dummy scrypt for unknown users and malformed hashes, so timing does not reveal them', async () => {
    const spy = jest.spyOn(crypto, 'scrypt');
    try {
      expect(await hasher.verify(undefined, 'guess')).toBe(false);
      expect(await hasher.verify('not-a-hash', 'guess')).toBe(false);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('compares in constant time', async () => {
    const hash = await hasher.hash('pw');
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      await hasher.verify(hash, 'wrong');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses empty and oversized passwords', async () => {
    await expect(hasher.hash('')).rejects.toThrow(TypeError);
    await expect(hasher.hash('x'.repeat(5000))).rejects.toThrow(RangeError);
    expect(await hasher.verify(await hasher.hash('pw'), 'x'.repeat(5000))).toBe(false);
  });
});

describe('safeRedirectPath', () => {
  it.each([
    ['/appointments', '/appointments'],
    ['/appointments?page=2#top', '/appointments?page=2#top'],
    ['/a/b%20c', '/a/b%20c'],
  ])('keeps the same-site path %s', (input, output) =>
    expect(safeRedirectPath(input)).toBe(output),
  );

  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%09/evil.example',
    'evil.example',
    '',
    '///evil.example',
  ])('refuses %j', (input) => expect(safeRedirectPath(input, '/home')).toBe('/home'));

  it('refuses non-strings', () => {
    expect(safeRedirectPath(['/a'])).toBe('/');
    expect(safeRedirectPath(undefined)).toBe('/');
  });
});
