const BASE = 'http://pith.invalid';

/**
 * Returns `target` when it is a same-site path, else `fallback`. Refuses absolute and
 * protocol-relative URLs (`//evil`, `/\evil`), schemes (`javascript:`), control characters, and
 * their percent-encoded variants, since browsers and proxies may decode them.
 */
export function safeRedirectPath(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback;
  let decoded = target;
  for (let i = 0; i < 3; i++) {
    if (!isSafePath(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (!isSafePath(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return url.pathname + url.search + url.hash;
}

function isSafePath(path: string): boolean {
  if (path[0] !== '/') return false;
  if (path[1] === '/' || path[1] === '\\') return false;
  // Backslashes and control characters (tab, newline) are normalized away by browsers.
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return false;
  }
  return true;
}
