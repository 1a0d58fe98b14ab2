/** Joins route path pieces with single slashes; `/` alone for the root, no trailing slash. */
export function joinPath(...parts: readonly string[]): string {
  const segments: string[] = [];
  for (const part of parts) for (const s of part.split('/')) if (s !== '') segments.push(s);
  return `/${segments.join('/')}`;
}
