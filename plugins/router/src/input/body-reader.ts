import { HttpError } from '@pith/core';
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

function decoderFor(encoding: string): Transform | undefined | null {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError('ERR_PAYLOAD_TOO_LARGE', {
    detail: `The request body is larger than ${limit} bytes.`,
    headers: { connection: 'close' },
  });
}

/**
 * Refuses what can be refused before reading: an unsupported `Content-Encoding` (415) and a
 * declared `Content-Length` over the limit (413).
 */
export function checkBodyHeaders(req: IncomingMessage, limit: number): void {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (decoderFor(encoding) === null) {
    throw new HttpError('ERR_UNSUPPORTED_MEDIA_TYPE', {
      detail: `Content-Encoding "${encoding}" is not supported; use gzip, deflate, br or none.`,
    });
  }
  const length = req.headers['content-length'];
  if (length !== undefined && Number(length) > limit) throw tooLarge(limit);
}

/**
 * Reads the body, decoding its `Content-Encoding`; the limit counts decoded bytes so a small
 * compressed body cannot inflate past it.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = decoderFor(encoding);
  const source: Readable = decoder ? req.pipe(decoder) : req;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | undefined): void => {
      if (done) return;
      done = true;
      source.removeListener('data', onData);
      if (error) {
        if (decoder) {
          req.unpipe(decoder);
          decoder.destroy();
        }
        reject(error);
      } else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    };
    source.on('data', onData);
    source.once('end', () => finish(undefined));
    source.once('error', (error: Error) =>
      finish(
        decoder && error !== undefined
          ? new HttpError('ERR_BAD_REQUEST', {
              detail: `The request body is not valid ${encoding} data.`,
            })
          : error,
      ),
    );
    req.once('close', () => {
      if (!req.complete)
        finish(
          new HttpError('ERR_BAD_REQUEST', { detail: 'The client aborted the request body.' }),
        );
    });
  });
}
