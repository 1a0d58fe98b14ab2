/**
 * The query is built on an object whose prototype is an empty null-prototype object, then given
 * a null prototype: V8 keeps it in fast mode (a `Object.create(null)` object is a dictionary
 * from the start, about four times slower to fill), and no key (`__proto__`, `toString`) can
 * reach `Object.prototype` while it is filled.
 */
function QueryObject(): void {}
QueryObject.prototype = Object.create(null) as object;

/** Adds one key/value pair; a repeated key becomes an array, in order. */
function addPair(out: Record<string, string | string[]>, key: string, value: string): void {
  const prev = out[key];
  if (prev === undefined) out[key] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else out[key] = [prev, value];
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
function firstPair(qs: string): number {
  return qs.charCodeAt(0) === 63 ? 1 : 0;
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
    for (const [key, value] of new URLSearchParams(qs)) addPair(out, key, value);
    return;
  }
  let start = firstPair(qs);
  while (start <= qs.length) {
    let end = qs.indexOf('&', start);
    if (end === -1) end = qs.length;
    if (end > start) {
      const eq = qs.indexOf('=', start);
      if (eq === -1 || eq > end) addPair(out, qs.slice(start, end), '');
      else addPair(out, qs.slice(start, eq), qs.slice(eq + 1, end));
    }
    start = end + 1;
  }
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
  let at = start + (url.charCodeAt(start) === 63 ? 1 : 0);
  while (at <= url.length) {
    let end = url.indexOf('&', at);
    if (end === -1) end = url.length;
    if (end > at) {
      let eq = url.indexOf('=', at);
      if (eq === -1 || eq > end) eq = end;
      if (eq - at === name.length && url.startsWith(name, at)) {
        const value = eq === end ? '' : url.slice(eq + 1, end);
        if (found === undefined) found = value;
        else if (Array.isArray(found)) found.push(value);
        else found = [found, value];
      }
    }
    at = end + 1;
  }
  return found;
}
