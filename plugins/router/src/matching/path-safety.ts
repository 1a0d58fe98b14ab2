import { HttpError } from '@pith/core';

const ENCODED_SEPARATOR = /%(2f|5c|00)/i;

function refuse(detail: string): never {
  throw new HttpError('ERR_BAD_REQUEST', { detail });
}

/**
 * Refuses paths that could mean different things to different layers (SECURITY-DEFAULTS
 * "routing"): encoded `/` or `\`, NUL, raw backslashes, `.`/`..` segments, bad percent-encoding.
 * The fast scan costs one pass over the path and allocates nothing for ordinary paths.
 */
export function checkPathSafety(url: string, end = queryStart(url)): void {
  let suspicious = false;
  for (let i = 0; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c === 37 || c === 46 || c === 92 || c === 0) {
      suspicious = true;
      break;
    }
  }
  if (!suspicious) return;
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
