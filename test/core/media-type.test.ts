import { negotiate, parseAccept, parseMediaType } from '@pith/core';

describe('parseMediaType (RFC 9110 §8.3.1)', () => {
  it('lower-cases type, subtype and parameter names, unquotes values', () => {
    expect(parseMediaType('Application/JSON; Charset="UTF-8"; q=1')).toEqual({
      essence: 'application/json',
      type: 'application',
      subtype: 'json',
      params: expect.objectContaining({ charset: 'UTF-8', q: '1' }) as unknown,
    });
    expect(parseMediaType('text/plain; x="a\\"b;c"')?.params.x).toBe('a"b;c');
  });

  it('refuses what is not a media type', () => {
    for (const bad of [undefined, '', 'json', 'text/', '/html', 'text/ht ml', 'text/html; novalue'])
      expect(parseMediaType(bad)).toBeUndefined();
  });
});

describe('negotiate (RFC 9110 §12.5.1)', () => {
  const offers = ['application/json', 'text/html', 'application/xml'];

  it('takes the first offer without an Accept header or with */*', () => {
    expect(negotiate(undefined, offers)).toBe('application/json');
    expect(negotiate('', offers)).toBe('application/json');
    expect(negotiate('*/*', offers)).toBe('application/json');
  });

  it('follows q-values, then specificity, then the client order', () => {
    expect(negotiate('text/html;q=0.9, application/xml', offers)).toBe('application/xml');
    expect(negotiate('text/*;q=0.5, text/html;q=0.8, */*;q=0.1', offers)).toBe('text/html');
    expect(negotiate('application/xml, text/html', offers)).toBe('application/xml');
    expect(negotiate('TEXT/HTML', offers)).toBe('text/html');
    expect(negotiate('text/html, */*;q=0', offers)).toBe('text/html');
  });

  it('answers undefined when nothing is acceptable, and skips q=0 and malformed q', () => {
    expect(negotiate('image/png', offers)).toBeUndefined();
    expect(negotiate('application/json;q=0', offers)).toBeUndefined();
    expect(negotiate('text/html;q=2', offers)).toBeUndefined();
    expect(negotiate('text/html', [])).toBeUndefined();
  });

  it('parses a browser Accept header in order', () => {
    const ranges = parseAccept('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(ranges.map((r) => [r.essence, r.q])).toEqual([
      ['text/html', 1],
      ['application/xhtml+xml', 1],
      ['application/xml', 0.9],
      ['*/*', 0.8],
    ]);
  });
});
