import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const GIVEN_ID = /^[\w.:-]{1,128}$/;

/**
 * Makes an app's request-id generator: a random boot id plus a decimal counter (unique, cheap, no
 * randomness per request), or a well-formed client `X-Request-Id` when `trustGiven` is on.
 */
export function createRequestIds(trustGiven: boolean): (req: IncomingMessage) => string {
  const bootId = randomBytes(4).toString('hex');
  let counter = 0;
  return (req) => {
    if (trustGiven) {
      const given = req.headers['x-request-id'];
      if (typeof given === 'string' && GIVEN_ID.test(given)) return given;
    }
    return `${bootId}-${++counter}`;
  };
}
