import { RandomPool } from '../../../plugins/security/src/random-pool';
import {
  maskCsrfSecret,
  createCsrfSecret,
  verifyMaskedCsrfToken,
} from '../../../plugins/security/src/csrf-token';

describe('RandomPool', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const pool = new RandomPool();
    const seen = new Set<string>();
    // 1,000 nonces of 16 bytes span four 4 KiB refills.
    for (let i = 0; i < 1000; i++) seen.add(pool.string(16, 'hex'));
    expect(seen.size).toBe(1000);
  });

  it('fills a slice of a target buffer and leaves the rest alone', () => {
    const pool = new RandomPool();
    const target = Buffer.alloc(64);
    pool.fill(target, 32, 32);
    expect(target.subarray(0, 32).equals(Buffer.alloc(32))).toBe(true);
    expect(target.subarray(32).equals(Buffer.alloc(32))).toBe(false);
  });

  it('serves requests larger than the pool straight from the CSPRNG', () => {
    const pool = new RandomPool();
    expect(Buffer.from(pool.string(5000, 'base64'), 'base64')).toHaveLength(5000);
    const big = Buffer.alloc(6000);
    pool.fill(big, 0, 6000);
    expect(big.equals(Buffer.alloc(6000))).toBe(false);
  });

  it('masks CSRF secrets that still verify, each mask different', () => {
    const pool = new RandomPool();
    const secret = createCsrfSecret();
    const a = maskCsrfSecret(secret, pool);
    const b = maskCsrfSecret(secret, pool);
    expect(a).not.toBe(b);
    expect(verifyMaskedCsrfToken(a, secret)).toBe(true);
    expect(verifyMaskedCsrfToken(b, secret)).toBe(true);
    expect(verifyMaskedCsrfToken(a, createCsrfSecret())).toBe(false);
  });
});
