import { HttpError, parseMediaType, type RequestContext } from '@pith/core';
import sjson from 'secure-json-parse';
import type { BodyKind } from '../metadata/route-metadata';
import { checkBodyHeaders, readBody } from './body-reader';

/** What the body stage of one route needs, fixed at boot. */
export interface BodyParserOptions {
  readonly kinds: readonly BodyKind[];
  readonly limits: Readonly<Record<BodyKind, number>>;
  readonly allowJsonSuffix: boolean;
  readonly maxJsonDepth: number;
}

const KIND_MEDIA: Record<BodyKind, string> = {
  json: 'application/json',
  urlencoded: 'application/x-www-form-urlencoded',
  text: 'text/plain',
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function kindOf(essence: string, allowJsonSuffix: boolean): BodyKind | undefined {
  if (essence === 'application/json') return 'json';
  if (essence === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (essence === 'text/plain') return 'text';
  if (allowJsonSuffix && essence.startsWith('application/') && essence.endsWith('+json'))
    return 'json';
  return undefined;
}

/** Refuses JSON nested deeper than `max` before handing it to the parser. */
function checkDepth(text: string, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max)
        throw new HttpError('ERR_BAD_REQUEST', {
          detail: `The JSON body is nested deeper than ${max} levels.`,
        });
    } else if (c === 125 || c === 93) depth--;
  }
}

function parseJson(text: string, maxDepth: number): unknown {
  checkDepth(text, maxDepth);
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = (error as Error).message;
    if (message === 'Object contains forbidden prototype property')
      throw new HttpError('ERR_BAD_REQUEST', {
        detail: 'The JSON body contains a forbidden "__proto__" or "constructor.prototype" key.',
      });
    throw new HttpError('ERR_BAD_REQUEST', {
      detail: `The request body is not valid JSON: ${message}`,
    });
  }
}

/** Flat `URLSearchParams` semantics into a null-prototype object; a repeated key gives an array. */
export function parseUrlencoded(text: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === '__proto__')
      throw new HttpError('ERR_BAD_REQUEST', {
        detail: 'The form contains a forbidden "__proto__" key.',
      });
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function hasBody(ctx: RequestContext): boolean {
  const headers = ctx.req.headers;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Builds the body stage of a route: media type and charset checks (415), limits (413), decoding
 * (400 for bad UTF-8 or syntax), then `ctx.body`. A request without a body leaves it undefined.
 */
export function createBodyParser(
  options: BodyParserOptions,
): (ctx: RequestContext) => Promise<void> {
  const accepted = options.kinds.map((k) => KIND_MEDIA[k]).join(', ');
  return async (ctx) => {
    if (!hasBody(ctx)) return;
    const header = ctx.req.headers['content-type'];
    const media = parseMediaType(header);
    const kind = media ? kindOf(media.essence, options.allowJsonSuffix) : undefined;
    if (!kind || !options.kinds.includes(kind)) {
      throw new HttpError('ERR_UNSUPPORTED_MEDIA_TYPE', {
        detail: `This route takes ${accepted}; the request sent ${header ? `"${header}"` : 'no Content-Type'}.`,
      });
    }
    const charset = media!.params.charset?.toLowerCase();
    if (
      charset !== undefined &&
      charset !== 'utf-8' &&
      charset !== 'utf8' &&
      charset !== 'us-ascii'
    ) {
      throw new HttpError('ERR_UNSUPPORTED_MEDIA_TYPE', {
        detail: `Charset "${charset}" is not supported; send UTF-8.`,
      });
    }
    const limit = options.limits[kind];
    checkBodyHeaders(ctx.req, limit);
    const bytes = await readBody(ctx.req, limit);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new HttpError('ERR_BAD_REQUEST', { detail: 'The request body is not valid UTF-8.' });
    }
    if (kind === 'json') ctx.body = parseJson(text, options.maxJsonDepth);
    else if (kind === 'urlencoded') ctx.body = parseUrlencoded(text);
    else ctx.body = text;
  };
}
