import type { SessionRecord, SessionStore } from '@pith/session';
import { createSessionId, SessionKeyring } from '@pith/session';

/** What one store implementation gives the shared suite. */
export interface StoreUnderTest {
  readonly store: SessionStore;
  /** The same store kind built with `secrets` (for key rotation), sharing the same backend. */
  withSecrets(secrets: readonly string[]): SessionStore | Promise<SessionStore>;
  close(): Promise<void>;
}

export const SECRET_A = 'a'.repeat(16) + 'contract-secret-number-one';
export const SECRET_B = 'b'.repeat(16) + 'contract-secret-number-two';

const T0 = Date.parse('2030-01-01T09:00:00Z');

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    data: { userId: 42, name: 'Zoë ✓', nested: { list: [1, 'two', null, true] } },
    flash: { info: ['saved'] },
    createdAt: T0,
    lastSeen: T0,
    expiresAt: T0 + 60_000,
    ...overrides,
  };
}

/** Writes a new session and returns its cookie value (a create always yields one). */
async function create(
  store: SessionStore,
  id: string,
  value: SessionRecord,
  now: number,
): Promise<string> {
  const cookie = await store.write(id, value, now, false);
  if (cookie === undefined) throw new Error(`${store.kind}: a create returned no cookie value`);
  return cookie;
}

function tamper(value: string): string {
  const i = Math.floor(value.length / 2);
  const c = value[i] === 'A' ? 'B' : 'A';
  return value.slice(0, i) + c + value.slice(i + 1);
}

/**
 * The one contract every session store passes (memory, cookie, Redis, database): a store is
 * interchangeable only if it behaves exactly like this.
 */
export function describeSessionStoreContract(
  name: string,
  open: () => Promise<StoreUnderTest>,
): void {
  describe(`session store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: SessionStore;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('reads back what it wrote, values and times intact', async () => {
      const id = createSessionId();
      const value = await create(store, id, record(), T0);
      const found = await store.read(value, T0 + 1);
      expect(found?.id).toBe(id);
      expect({ ...found!.record.data }).toEqual(record().data);
      expect({ ...found!.record.flash }).toEqual({ info: ['saved'] });
      expect(found!.record).toMatchObject({ createdAt: T0, lastSeen: T0, expiresAt: T0 + 60_000 });
    });

    it('replaces the session on a second write with the same id', async () => {
      const id = createSessionId();
      await create(store, id, record(), T0);
      const value = await create(store, id, record({ data: { step: 2 }, flash: {} }), T0);
      const found = await store.read(value, T0);
      expect({ ...found!.record.data }).toEqual({ step: 2 });
      expect({ ...found!.record.flash }).toEqual({});
    });

    it('keeps sessions apart', async () => {
      const a = await create(store, createSessionId(), record({ data: { who: 'a' } }), T0);
      const b = await create(store, createSessionId(), record({ data: { who: 'b' } }), T0);
      expect((await store.read(a, T0))!.record.data.who).toBe('a');
      expect((await store.read(b, T0))!.record.data.who).toBe('b');
    });

    it('knows nothing of a value it never issued', async () => {
      expect(await store.read('', T0)).toBeUndefined();
      expect(await store.read('not-a-session', T0)).toBeUndefined();
      expect(await store.read(createSessionId(), T0)).toBeUndefined();
      expect(await store.read('x'.repeat(5000), T0)).toBeUndefined();
    });

    it('refuses a value that was tampered with', async () => {
      const value = await create(store, createSessionId(), record(), T0);
      expect(await store.read(tamper(value), T0)).toBeUndefined();
      expect(await store.read(`${value}x`, T0)).toBeUndefined();
      expect(await store.read(value.slice(0, -2), T0)).toBeUndefined();
    });

    it('forgets a destroyed session', async () => {
      const id = createSessionId();
      const value = await create(store, id, record(), T0);
      await store.destroy(id, T0 + 60_000, T0);
      expect(await store.read(value, T0)).toBeUndefined();
    });

    it('updates an existing session in place', async () => {
      const id = createSessionId();
      await create(store, id, record(), T0);
      const value = await store.write(id, record({ data: { step: 3 } }), T0, true);
      expect(value).toBeDefined();
      expect({ ...(await store.read(value!, T0))!.record.data }).toEqual({ step: 3 });
    });

    it('never resurrects a destroyed session through an update', async () => {
      const id = createSessionId();
      await create(store, id, record(), T0);
      await store.destroy(id, T0 + 60_000, T0);
      const late = await store.write(id, record({ data: { zombie: true } }), T0, true);
      if (late !== undefined) expect(await store.read(late, T0)).toBeUndefined();
    });

    it('treats a session past its expiry as unknown', async () => {
      const value = await create(store, createSessionId(), record({ expiresAt: T0 + 1000 }), T0);
      expect(await store.read(value, T0 + 999)).toBeDefined();
      expect(await store.read(value, T0 + 1000)).toBeUndefined();
    });

    it('rotates keys: old values read while their secret is listed, refused once it is gone', async () => {
      const old = await subject.withSecrets([SECRET_A]);
      const id = createSessionId();
      const value = await create(old, id, record(), T0);
      const rotated = await subject.withSecrets([SECRET_B, SECRET_A]);
      expect((await rotated.read(value, T0))?.id).toBe(id);
      const fresh = await create(rotated, id, record(), T0);
      expect((await rotated.read(fresh, T0))?.id).toBe(id);
      const dropped = await subject.withSecrets([SECRET_B]);
      expect(await dropped.read(value, T0)).toBeUndefined();
      expect((await dropped.read(fresh, T0))?.id).toBe(id);
    });

    it('signs or encrypts: the cookie value does not reveal the data', async () => {
      const value = await create(
        store,
        createSessionId(),
        record({ data: { secret: 'hunter2' } }),
        T0,
      );
      expect(value).not.toContain('hunter2');
      expect(Buffer.from(value, 'base64url').toString('latin1')).not.toContain('hunter2');
    });

    it('reports itself ready', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });
  });
}

/** A keyring for stores built by hand in contract tests. */
export function keyring(secrets: readonly string[] = [SECRET_A]): SessionKeyring {
  return new SessionKeyring(secrets);
}
