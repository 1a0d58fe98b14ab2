import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  dropPrefix,
  SHARED_REDIS_URL,
  sharedRedisAvailable,
  uniquePrefix,
} from '../../contract/session/redis-test-server';
import { Browser, sessionApp } from './session-test-app';

const describeIf = sharedRedisAvailable('the Redis scale-out tests') ? describe : describe.skip;

describeIf('two app instances sharing the Redis store', () => {
  const keyPrefix = uniquePrefix('redis-scale-out');
  afterAll(() => dropPrefix(keyPrefix));

  it('two apps in one process see the same session, logout included', async () => {
    const a = sessionApp({ store: 'redis', redis: { url: SHARED_REDIS_URL, keyPrefix } });
    const b = sessionApp({ store: 'redis', redis: { url: SHARED_REDIS_URL, keyPrefix } });
    const onA = new Browser(a);
    await onA.request('POST', '/login?user=ada');
    const onB = new Browser(b);
    onB.cookie = onA.cookie;
    expect((await onB.request('GET', '/whoami')).json()).toEqual({ user: 'ada' });
    await onB.request('POST', '/logout');
    expect((await onA.request('GET', '/whoami')).json()).toEqual({ user: null });
    await Promise.all([a.close(), b.close()]);
  });

  it('two processes see the same session', async () => {
    const worker: ChildProcess = fork(
      path.join(__dirname, 'fixtures/session-worker.ts'),
      [SHARED_REDIS_URL, keyPrefix],
      { execArgv: ['-r', path.join(__dirname, '../../support/ts-register.js')], stdio: 'inherit' },
    );
    try {
      const { port } = await new Promise<{ port: number }>((resolve, reject) => {
        worker.once('message', (m) => resolve(m as { port: number }));
        worker.once('exit', (code) => reject(new Error(`session worker exited with ${code}`)));
      });
      const here = sessionApp({ store: 'redis', redis: { url: SHARED_REDIS_URL, keyPrefix } });
      const browser = new Browser(here);
      await browser.request('POST', '/login?user=grace');
      const there = `http://127.0.0.1:${port}`;
      const seen = await fetch(`${there}/whoami`, { headers: { cookie: browser.cookie! } });
      expect(await seen.json()).toEqual({ user: 'grace' });
      const logout = await fetch(`${there}/logout`, {
        method: 'POST',
        headers: { cookie: browser.cookie! },
      });
      expect(logout.status).toBe(200);
      expect((await browser.request('GET', '/whoami')).json()).toEqual({ user: null });
      await here.close();
    } finally {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.disconnect();
      await exited;
    }
  });
});
