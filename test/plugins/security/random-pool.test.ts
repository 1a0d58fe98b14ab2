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

  it('masks to pad ‖ pad XOR secret, for every secret length and for padded base64', () => {
    const pool = new RandomPool();
    for (let bytes = 1; bytes <= 48; bytes++) {
      const raw = Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 37 + bytes) & 255));
      for (const secret of [raw.toString('base64url'), raw.toString('base64')]) {
        const token = Buffer.from(maskCsrfSecret(secret, pool), 'base64url');
        expect(token).toHaveLength(bytes * 2);
        const unmasked = token.subarray(bytes).map((b, i) => b ^ token[i]);
        expect(Buffer.from(unmasked).equals(raw)).toBe(true);
        if (secret === raw.toString('base64url'))
          expect(verifyMaskedCsrfToken(maskCsrfSecret(secret), secret)).toBe(true);
      }
    }
  });
});
