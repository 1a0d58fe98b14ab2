/**
 * Media types and `Accept` negotiation per RFC 9110 §8.3 and §12.5.1: case-insensitive type,
 * subtype and parameter names, q-values from 0 to 1, most specific range wins.
 */
export interface MediaType {
  /** `type/subtype`, lower-case. */
  readonly essence: string;
  readonly type: string;
  readonly subtype: string;
  readonly params: Readonly<Record<string, string>>;
}

interface MediaRange extends MediaType {
  readonly q: number;
  readonly index: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function splitParams(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Parses a `Content-Type`-style value; undefined when it is not a valid media type. */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (!value) return undefined;
  const [head, ...rest] = splitParams(value);
  const slash = head.indexOf('/');
  if (slash === -1) return undefined;
  const type = head.slice(0, slash).trim().toLowerCase();
  const subtype = head
    .slice(slash + 1)
    .trim()
    .toLowerCase();
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (part.trim() === '') continue;
      return undefined;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (!TOKEN.test(name)) return undefined;
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2)
      v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = v;
  }
  return { essence: `${type}/${subtype}`, type, subtype, params };
}

/** Parses an `Accept` header into ranges; malformed ranges are skipped. */
export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  let index = 0;
  for (const item of header.split(',')) {
    if (!item.trim()) continue;
    const media = parseMediaType(item);
    if (!media) continue;
    let q = 1;
    const rawQ = media.params.q;
    if (rawQ !== undefined) {
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(rawQ) ? Number(rawQ) : 0;
    }
    ranges.push({ ...media, q, index: index++ });
  }
  return ranges;
}

function specificity(range: MediaType, offer: MediaType): number {
  if (range.type === '*') return range.subtype === '*' ? 1 : -1;
  if (range.type !== offer.type) return -1;
  if (range.subtype === '*') return 2;
  if (range.subtype !== offer.subtype) return -1;
  return 3;
}

/**
 * Picks the best of `offers` (media types in the server's order of preference) for an `Accept`
 * header. No header or an empty one accepts the first offer; undefined means none is acceptable.
 */
export function negotiate(
  accept: string | undefined,
  offers: readonly string[],
): string | undefined {
  if (offers.length === 0) return undefined;
  if (accept === undefined || accept.trim() === '') return offers[0];
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return offers[0];
  let best: string | undefined;
  let bestQ = 0;
  let bestSpec = -1;
  let bestIndex = Infinity;
  for (const offerText of offers) {
    const offer = parseMediaType(offerText);
    if (!offer) continue;
    let q = -1;
    let spec = -1;
    let index = Infinity;
    for (const range of ranges) {
      const s = specificity(range, offer);
      if (s > spec || (s === spec && s >= 0 && range.q > q)) {
        spec = s;
        q = range.q;
        index = range.index;
      }
    }
    if (spec < 0 || q <= 0) continue;
    if (
      q > bestQ ||
      (q === bestQ && (spec > bestSpec || (spec === bestSpec && index < bestIndex)))
    ) {
      best = offerText;
      bestQ = q;
      bestSpec = spec;
      bestIndex = index;
    }
  }
  return best;
}
