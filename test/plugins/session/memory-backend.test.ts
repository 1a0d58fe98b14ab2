import { MemoryBackend } from '@pith/session';

describe('memory backend bounds', () => {
  it('sweeps expired entries, then evicts the oldest writes past maxEntries', async () => {
    const backend = new MemoryBackend(3);
    await backend.set('old', '1', 100, 0);
    await backend.set('a', '2', 1000, 0);
    await backend.set('b', '3', 1000, 0);
    await backend.set('c', '4', 1000, 200);
    expect(backend.size).toBe(3);
    expect(await backend.get('old', 200)).toBeUndefined();
    await backend.set('d', '5', 1000, 200);
    expect(backend.size).toBe(3);
    expect(await backend.get('a', 200)).toBeUndefined();
    expect(await backend.get('d', 200)).toBe('5');
  });

  it('refuses to forget when told to (a revocation list), so revoked ids stay revoked', async () => {
    const backend = new MemoryBackend(2, 'refuse');
    await backend.set('a', '1', 1000, 0);
    await backend.set('b', '1', 1000, 0);
    await expect(backend.set('c', '1', 1000, 0)).rejects.toThrow(/full \(2 entries\)/);
    expect(await backend.get('a', 0)).toBe('1');
    expect(await backend.get('c', 1001)).toBeUndefined();
    await backend.set('c', '1', 2000, 1001);
    expect(await backend.get('c', 1001)).toBe('1');
  });
});
