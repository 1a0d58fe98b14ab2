import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CORE = path.resolve(__dirname, '../../core');

// npm links a package's bin at install time: a bin inside dist/ did not exist yet after `npm ci`,
// so `npx pith` went looking on the registry.
describe('the pith bin of @pith/core', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(CORE, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    files: string[];
  };

  it('is a file of the source tree, published with the package', () => {
    const bin = pkg.bin.pith;
    expect(bin.startsWith('dist/')).toBe(false);
    expect(fs.existsSync(path.join(CORE, bin))).toBe(true);
    expect(pkg.files).toContain(bin.split('/')[0]);
    expect(fs.readFileSync(path.join(CORE, bin), 'utf8').startsWith('#!/usr/bin/env node')).toBe(
      true,
    );
  });

  it('says what to do when the package is not built', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-bin-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(CORE, pkg.bin.pith), path.join(dir, 'bin', 'pith.js'));
    const run = spawnSync(process.execPath, [path.join(dir, 'bin', 'pith.js'), 'plugins'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('run `npm run build` first');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
