import { createApp, definePlugin } from '@pith/core';
import {
  MemoryBackend,
  ServerSessionStore,
  SessionKeyring,
  sessionPlugin,
  type SessionRecord,
  type SessionStore,
  type StoredSession,
} from '@pith/session';
import { Browser, sessionApp, setCookies, TEST_SECRET } from './session-test-app';

/** A real memory store that counts what the plugin asks of it. */
class CountingStore implements SessionStore {
  readonly kind = 'counting';
  readonly calls = { read: 0, write: 0, destroy: 0 };
  private readonly inner: SessionStore = new ServerSessionStore(
    new MemoryBackend(),
    new SessionKeyring([TEST_SECRET]),
  );

  read(value: string, now: number): Promise<StoredSession | undefined> {
    this.calls.read++;
    return this.inner.read(value, now);
  }
  write(
    id: string,
    record: SessionRecord,
    now: number,
    existing: boolean,
  ): Promise<string | undefined> {
    this.calls.write++;
    return this.inner.write(id, record, now, existing);
  }
  destroy(id: string, until: number, now: number): Promise<void> {
    this.calls.destroy++;
    return this.inner.destroy(id, until, now);
  }
  check = (): Promise<void> => this.inner.check();
  open = (): Promise<void> => this.inner.open();
  close = (): Promise<void> => this.inner.close();
}

describe('store I/O happens only when the session is used', () => {
  it('counts every store call: none for untouched sessions or cookie-less reads', async () => {
    const store = new CountingStore();
    const app = sessionApp({ store, touchInterval: 60_000 });
    const browser = new Browser(app);
    await browser.request('GET', '/plain');
    await browser.request('GET', '/get?key=a');
    expect(store.calls).toEqual({ read: 0, write: 0, destroy: 0 });

    await browser.request('POST', '/set?key=a&value=1');
    expect(store.calls).toEqual({ read: 0, write: 1, destroy: 0 });

    const untouched = await browser.request('GET', '/plain');
    expect(setCookies(untouched)).toEqual([]);
    expect(store.calls).toEqual({ read: 0, write: 1, destroy: 0 });

    await browser.request('GET', '/get?key=a');
    expect(store.calls).toEqual({ read: 1, write: 1, destroy: 0 });

    await browser.request('POST', '/login');
    expect(store.calls).toEqual({ read: 2, write: 2, destroy: 1 });
    await app.close();
  });

  it('fails loudly when the session changes after it was saved', async () => {
    let caught: Error | undefined;
    const late = definePlugin({
      name: 'late-writer',
      after: ['session'],
      setup(ctx) {
        ctx.addHook('onSend', async (req) => {
          if (req.path !== '/late' || caught) return;
          try {
            await req.session.set('too', 'late');
          } catch (error) {
            caught = error as Error;
            throw error;
          }
        });
        ctx.setDispatcher(async (req) => {
          await req.session.set('a', 1);
          return req.reply.json({ ok: true });
        });
      },
    });
    const app = createApp({
      env: 'development',
      logger: { level: 'silent' },
      plugins: { session: [sessionPlugin, { secret: TEST_SECRET }], late },
    });
    const res = await app.inject({ url: '/late', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(500);
    expect(caught?.message).toMatch(/changed after it was saved/);
    expect((await app.inject('/fine')).statusCode).toBe(200);
    await app.close();
  });

  it('a request still in flight during logout does not bring the session back', async () => {
    let loaded!: () => void;
    const isLoaded = new Promise<void>((resolve) => (loaded = resolve));
    let proceed!: () => void;
    const mayProceed = new Promise<void>((resolve) => (proceed = resolve));
    const routes = definePlugin({
      name: 'race-routes',
      dependencies: ['session'],
      setup(ctx) {
        ctx.setDispatcher(async (req) => {
          if (req.path === '/login') {
            await req.session.set('user', 'ada');
          } else if (req.path === '/logout') {
            await req.session.destroy();
          } else if (req.path === '/slow') {
            await req.session.load();
            loaded();
            await mayProceed;
            await req.session.set('late', true);
          } else {
            return req.reply.json({ user: (await req.session.get('user')) ?? null });
          }
          return req.reply.json({ ok: true });
        });
      },
    });
    const app = createApp({
      env: 'test',
      logger: { level: 'silent' },
      plugins: { session: [sessionPlugin, { secret: TEST_SECRET }], routes },
    });
    const browser = new Browser(app);
    await browser.request('POST', '/login');
    const cookie = browser.cookie!;
    const slow = app.inject({ url: '/slow', headers: { cookie } });
    await isLoaded;
    await app.inject({ url: '/logout', headers: { cookie } });
    proceed();
    const late = await slow;
    expect(setCookies(late)).toEqual([expect.stringMatching(/^sid=; Path=\/; Max-Age=0/)]);
    expect((await app.inject({ url: '/whoami', headers: { cookie } })).json()).toEqual({
      user: null,
    });
    await app.close();
  });
});
