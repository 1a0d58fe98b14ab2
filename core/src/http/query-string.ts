/**
 * The query is built on an object whose prototype is an empty null-prototype object, then given
 * a null prototype: V8 keeps it in fast mode (a `Object.create(null)` object is a dictionary
 * from the start, about four times slower to fill), and no key (`__proto__`, `toString`) can
 * reach `Object.prototype` while it is filled.
 */
function QueryObject(): void {}
QueryObject.prototype = Object.create(null) as object;

/** `prev` with `value` added: a repeated key becomes an array, in order. */
function merge(prev: string | string[] | undefined, value: string): string | string[] {
  if (prev === undefined) return value;
  if (Array.isArray(prev)) {
    prev.push(value);
    return prev;
  }
  return [prev, value];
}

/**
 * Visits each non-empty `&`-separated pair of `qs` from `start` with the offsets of its key
 * start, its `=` (or its end when it has none) and its end: one walk for the object and for a
 * single parameter.
 */
function eachPair(
  qs: string,
  start: number,
  visit: (keyStart: number, eq: number, end: number) => void,
): void {
  let at = start;
  while (at <= qs.length) {
    let end = qs.indexOf('&', at);
    if (end === -1) end = qs.length;
    if (end > at) {
      const eq = qs.indexOf('=', at);
      visit(at, eq === -1 || eq > end ? end : eq, end);
    }
    at = end + 1;
  }
}

/** True when `qs` (from `from`) needs full form-urlencoded decoding (`%`, `+`, a surrogate). */
function needsDecoding(qs: string, from = 0): boolean {
  for (let i = from; i < qs.length; i++) {
    const c = qs.charCodeAt(i);
    if (c === 37 || c === 43 || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** Like URLSearchParams, one leading `?` is not part of the first key. */
function firstPair(qs: string, from = 0): number {
  return qs.charCodeAt(from) === 63 ? from + 1 : from;
}

/**
 * Parses a query string with `URLSearchParams` semantics into a null-prototype object: a repeated
 * key becomes an array, nothing is nested. A query with nothing to decode (the common case) is
 * split by hand: no iterator, no entry arrays.
 */
export function parseQuery(qs: string): Record<string, string | string[]> {
  const out = new (QueryObject as unknown as new () => Record<string, string | string[]>)();
  if (qs !== '') fill(out, qs);
  Object.setPrototypeOf(out, null);
  return out;
}

function fill(out: Record<string, string | string[]>, qs: string): void {
  if (needsDecoding(qs)) {
    for (const [key, value] of new URLSearchParams(qs)) out[key] = merge(out[key], value);
    return;
  }
  eachPair(qs, firstPair(qs), (keyStart, eq, end) => {
    const key = qs.slice(keyStart, eq);
    out[key] = merge(out[key], eq === end ? '' : qs.slice(eq + 1, end));
  });
}

/** What {@link queryValue} returns when the query needs decoding: use {@link parseQuery}. */
export const NEEDS_DECODING: unique symbol = Symbol('needs decoding');

/**
 * The value `parseQuery(qs)[name]` would hold (a string, an array for a repeated key, or
 * undefined), found by scanning `url` from `start` without building the object; or
 * {@link NEEDS_DECODING} when the query has percent-escapes, `+` or surrogates.
 */
export function queryValue(
  url: string,
  start: number,
  name: string,
): string | string[] | undefined | typeof NEEDS_DECODING {
  if (needsDecoding(url, start)) return NEEDS_DECODING;
  let found: string | string[] | undefined;
  eachPair(url, firstPair(url, start), (keyStart, eq, end) => {
    if (eq - keyStart === name.length && url.startsWith(name, keyStart))
      found = merge(found, eq === end ? '' : url.slice(eq + 1, end));
  });
  return found;
}
