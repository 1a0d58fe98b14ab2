import fs from 'node:fs';
import path from 'node:path';
import { CoreErrors } from '@pith/core';

const ROOT = path.resolve(__dirname, '../..');

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('error codes', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/ERRORS.md'), 'utf8');

  it.each(Object.entries(CoreErrors))('docs/ERRORS.md lists %s with its status', (code, spec) => {
    expect(doc).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${spec.status}\\s*\\|`, 'm'));
  });

  it('the kernel raises only codes it defines in CoreErrors', () => {
    const defined = new Set(Object.keys(CoreErrors));
    const used = new Set<string>();
    for (const file of sources(path.join(ROOT, 'core/src'))) {
      for (const [code] of fs.readFileSync(file, 'utf8').matchAll(/'ERR_[A-Z0-9_]+'/g))
        used.add(code.slice(1, -1));
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !defined.has(code))).toEqual([]);
  });
});
