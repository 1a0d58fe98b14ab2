import { HttpError } from '@pith/core';

const ENCODED_SEPARATOR = /%(2f|5c|00)/i;

/** Set in {@link scanPath}'s result when the path holds a `%`, `.`, `\` or NUL. */
export const PATH_NEEDS_CHECK = 1 << 30;

function refuse(detail: string): never {
  throw new HttpError('ERR_BAD_REQUEST', { detail });
}

/**
 * One pass over `url` up to its `?`: where the path ends, plus {@link PATH_NEEDS_CHECK} when the
 * path holds a character {@link checkPathSafety} must look at (or a `.` that may start a
 * `.json`-style suffix). Ordinary paths need nothing else, and nothing is allocated. A URL is far
 * shorter than 2³⁰ (Node's header limit), so the flag never meets a length.
 */
export function scanPath(url: string): number {
  let flag = 0;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63) return i | flag;
    if (c === 37 || c === 46 || c === 92 || c === 0) flag = PATH_NEEDS_CHECK;
  }
  return url.length | flag;
}

/**
 * Refuses paths that could mean different things to different layers (SECURITY-DEFAULTS
 * "routing"): encoded `/` or `\`, NUL, raw backslashes, `.`/`..` segments, bad percent-encoding.
 * For the paths {@link scanPath} flags; `end` is where the path ends.
 */
export function checkPathSafety(url: string, end: number): void {
  const path = url.slice(0, end);
  if (path.includes('\\') || path.includes('\0')) refuse('The path contains a backslash or NUL.');
  if (ENCODED_SEPARATOR.test(path)) refuse('The path contains an encoded "/", "\\" or NUL.');
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      refuse('The path has malformed percent-encoding.');
    }
    if (decoded === '.' || decoded === '..') refuse('The path contains a "." or ".." segment.');
  }
}

/** Where the path of `url` ends: at its `?`, or its length. */
export function queryStart(url: string): number {
  const q = url.indexOf('?');
  return q === -1 ? url.length : q;
}
