import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const CORE = path.resolve(__dirname, '../../core');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the kernel boundary', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(CORE, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };

  it('depends on reflect-metadata and tsyringe, plus a logger and one small library', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      'light-my-request',
      'pino',
      'reflect-metadata',
      'tsyringe',
    ]);
  });

  it('imports only its own files, Node built-ins and its dependencies (never a plugin)', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const offending: string[] = [];
    for (const file of sources(path.join(CORE, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)) {
        const spec = match[1] ?? '';
        const name = spec.startsWith('node:') ? spec.slice(5) : spec;
        const target = path.resolve(path.dirname(file), spec);
        const isOwn = spec.startsWith('.') && target.startsWith(path.join(CORE, 'src'));
        if (!isOwn && !allowed.has(name)) offending.push(`${path.relative(CORE, file)}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('ships the pith bin: a source-tree shim that runs the build output', () => {
    expect(pkg.bin).toEqual({ pith: 'bin/pith.js' });
    expect(fs.readFileSync(path.join(CORE, 'bin/pith.js'), 'utf8')).toContain(
      "path.join(__dirname, '..', 'dist', 'cli', 'main.js')",
    );
    expect(fs.readFileSync(path.join(CORE, 'src/cli/main.ts'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
  });
});
