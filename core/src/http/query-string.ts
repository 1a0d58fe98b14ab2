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

/** True when `qs` needs the full form-urlencoded decoding (`%`, `+`, or a UTF-16 surrogate). */
function needsDecoding(qs: string): boolean {
  for (let i = 0; i < qs.length; i++) {
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
