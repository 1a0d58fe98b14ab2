import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/ERRORS.md'), 'utf8');

/** Every `ERR_X: { status: N` a plugin defines in its `*-errors.ts` table. */
function pluginCodes(): Array<[string, string, number]> {
  const out: Array<[string, string, number]> = [];
  for (const plugin of fs.readdirSync(path.join(ROOT, 'plugins'))) {
    const src = path.join(ROOT, 'plugins', plugin, 'src');
    if (!fs.existsSync(src)) continue;
    for (const file of fs.readdirSync(src).filter((f) => f.endsWith('-errors.ts'))) {
      const text = fs.readFileSync(path.join(src, file), 'utf8');
      for (const m of text.matchAll(/(ERR_[A-Z0-9_]+):\s*\{\s*status:\s*(\d{3})/g)) {
        out.push([plugin, m[1], Number(m[2])]);
      }
    }
  }
  return out;
}

describe('docs/ERRORS.md', () => {
  const codes = pluginCodes();

  it('finds the plugins’ error tables', () => {
    expect(new Set(codes.map(([plugin]) => plugin))).toEqual(
      new Set(['jobs', 'orm', 'router', 'session', 'views']),
    );
  });

  it.each(codes)('lists the %s code %s with status %d', (_plugin, code, status) => {
    expect(doc).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`, 'm'));
  });
});
