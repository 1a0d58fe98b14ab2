import fs from 'node:fs';
import path from 'node:path';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { createApp } from '@pith/core';
import { OrmErrors, PithEntity, ormPlugin } from '@pith/orm';
import { requirePackage } from '../../../plugins/orm/src/adapters/adapter';

@Entity()
class OwnKey extends PithEntity {
  @PrimaryKey()
  code!: string;

  @Property()
  label!: string;
}

const root = path.resolve(__dirname, '../../..');

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (full.endsWith('.ts')) yield full;
  }
}

describe('orm plugin boot', () => {
  it('names the package to install when the URL picks a driver that is missing', () => {
    expect(() => requirePackage('@mikro-orm/not-a-driver', 'a postgresql URL')).toThrow(
      expect.objectContaining({
        code: 'ERR_ORM_DRIVER_MISSING',
        message: expect.stringContaining('npm install @mikro-orm/not-a-driver@6.6.16'),
      }),
    );
  });

  it('refuses an entity that extends PithEntity and declares its own primary key', async () => {
    const app = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: { orm: [ormPlugin, { url: 'sqlite::memory:', entities: [OwnKey] }] },
    });
    await expect(app.ready()).rejects.toThrow(
      /OwnKey extends PithEntity, which owns the id, but declares its own primary key "code"/,
    );
  });

  it('refuses options without entities, naming the key', async () => {
    const app = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: { orm: [ormPlugin, { url: 'sqlite::memory:' }] },
    });
    await expect(app.ready()).rejects.toThrow(/plugins\.orm\.entities is missing/);
  });

  it('keeps MikroORM out of the kernel: only @pith/orm imports it', () => {
    const offenders = [...files(path.join(root, 'core/src'))].filter((f) =>
      fs.readFileSync(f, 'utf8').includes('@mikro-orm/'),
    );
    expect(offenders).toEqual([]);
  });

  it('lists every orm error code in docs/ERRORS.md with its status', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/ERRORS.md'), 'utf8');
    for (const [code, spec] of Object.entries(OrmErrors)) {
      expect(doc).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|\\s*${spec.status}\\s*\\|`, 'm'));
    }
  });
});
