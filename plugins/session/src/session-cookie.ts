/** How the session cookie is sent. */
export interface SessionCookieOptions {
  readonly name: string;
  readonly sameSite: 'lax' | 'strict';
  /** `auto`: Secure and `__Host-` when the request is HTTPS; `always`: on every request. */
  readonly secure: 'auto' | 'always';
}

/** The first value of cookie `name` in a `Cookie` header, as sent (session values need no decoding). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      const value = header.slice(eq + 1, end).trim();
      return value.startsWith('"') && value.endsWith('"') && value.length > 1
        ? value.slice(1, -1)
        : value;
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * A `Set-Cookie` value with the flags SECURITY-DEFAULTS asks for: HttpOnly, SameSite, Path=/,
 * and Secure when `secure`. `maxAgeSeconds` 0 deletes the cookie.
 */
export function serializeCookie(
  name: string,
  value: string,
  maxAgeSeconds: number,
  sameSite: 'lax' | 'strict',
  secure: boolean,
): string {
  const flags = [
    `${name}=${value}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
  ];
  flags.push(sameSite === 'strict' ? 'SameSite=Strict' : 'SameSite=Lax');
  if (secure) flags.push('Secure');
  return flags.join('; ');
}
