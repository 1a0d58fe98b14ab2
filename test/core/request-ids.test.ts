import type { IncomingMessage } from 'node:http';
import { createRequestIds } from '../../core/src/http/request-ids';

const request = (headers: Record<string, string> = {}): IncomingMessage =>
  ({ headers }) as unknown as IncomingMessage;

describe('request ids', () => {
  it('count in base 36 after a boot id, across the table boundaries, without repeating', () => {
    const next = createRequestIds(false);
    const first = next(request());
    const boot = first.split('-')[0];
    expect(first).toMatch(/^[0-9a-z]{5}-1$/);
    const seen = new Set([first]);
    // 36² ids share one head; cross several heads, including the one where it gains a digit.
    for (let n = 2; n <= 36 * 36 * 40; n++) {
      const id = next(request());
      expect(id).toBe(`${boot}-${n.toString(36)}`);
      seen.add(id);
    }
    expect(seen.size).toBe(36 * 36 * 40);
  });

  // A fresh id of 13 characters or more cost 2–4 % of a minimal request (bench/micro/README.md).
  it('stay at 12 characters or fewer', () => {
    const next = createRequestIds(false);
    let longest = 0;
    for (let n = 0; n < 100_000; n++) longest = Math.max(longest, next(request()).length);
    expect(longest).toBeLessThanOrEqual(12);
  });

  it('differ between two apps of one process', () => {
    const a = createRequestIds(false)(request());
    const b = createRequestIds(false)(request());
    // The boot ids are random: the same one twice is a 1 in 60 million chance.
    expect(a.split('-')[0]).not.toBe(b.split('-')[0]);
  });

  it('adopt a well-formed client id only when trusted', () => {
    const given = request({ 'x-request-id': 'edge-123.a:b' });
    expect(createRequestIds(true)(given)).toBe('edge-123.a:b');
    expect(createRequestIds(false)(given)).toMatch(/^[0-9a-z]{5}-1$/);
    expect(createRequestIds(true)(request({ 'x-request-id': 'bad id' }))).toMatch(
      /^[0-9a-z]{5}-1$/,
    );
  });
});
