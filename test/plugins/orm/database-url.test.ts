import { parseDatabaseUrl } from '@pith/orm';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:data/app.db', 'sqlite', '/srv/app/data/app.db'],
    ['sqlite:///var/db/app.sqlite', 'sqlite', '/var/db/app.sqlite'],
    ['file:app.db', 'sqlite', '/srv/app/app.db'],
    ['sqlite::memory:', 'sqlite', ':memory:'],
    ['data/app.db', 'sqlite', '/srv/app/data/app.db'],
    ['postgres://u:p@db:5432/app', 'postgresql', 'app'],
    ['postgresql://db/app', 'postgresql', 'app'],
    ['mysql://root@db:3306/app', 'mariadb', 'app'],
    ['mariadb://root@db/app', 'mariadb', 'app'],
    ['mongodb://db:27017/app?replicaSet=rs0', 'mongodb', 'app'],
  ])('%s is %s on %s', (url, backend, dbName) => {
    const target = parseDatabaseUrl(url, '/srv/app');
    expect(target.backend).toBe(backend);
    expect(target.dbName).toBe(dbName);
  });

  it('masks the password in what it prints', () => {
    const target = parseDatabaseUrl('postgres://app:hunter2@db:5432/app', '/');
    expect(target.display).toBe('postgres://app:*****@db:5432/app');
    expect(target.clientUrl).toContain('hunter2');
  });

  it.each([
    ['redis://localhost/0', /scheme "redis:"/],
    ['postgres://db:5432', /names no database/],
    ['sqlite:', /names no SQLite file/],
  ])('refuses %s with ERR_ORM_URL_INVALID', (url, message) => {
    expect(() => parseDatabaseUrl(url, '/')).toThrow(
      expect.objectContaining({
        code: 'ERR_ORM_URL_INVALID',
        message: expect.stringMatching(message),
      }),
    );
  });
});
