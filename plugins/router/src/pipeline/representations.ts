import { HttpError, negotiate, type RequestContext } from '@pith/core';
import { Readable } from 'node:stream';
import type { Responder } from '../router-extensions';

/** One representation a compiled route can send. */
export interface Representation {
  readonly format: string;
  readonly mediaType: string;
  readonly suffix: string | undefined;
  send(ctx: RequestContext, value: unknown): void | Promise<void>;
}

/** The JSON representation every route offers. */
export const JSON_REPRESENTATION: Representation = {
  format: 'json',
  mediaType: 'application/json',
  suffix: '.json',
  send(ctx, value) {
    if (value instanceof Uint8Array || value instanceof Readable) return ctx.reply.send(value);
    return ctx.reply.json(value);
  },
};

function fromResponder(responder: Responder): Representation {
  const sendRendered = (ctx: RequestContext, body: string): void | Promise<void> => {
    return ctx.reply.type(responder.contentType).send(body);
  };
  return {
    format: responder.format,
    mediaType: responder.mediaType,
    suffix: responder.suffix,
    send(ctx, value) {
      const body = responder.render(value, ctx);
      if (typeof body === 'string') return sendRendered(ctx, body);
      return body.then((text) => sendRendered(ctx, text));
    },
  };
}

/**
 * Decisions shared by every route offering the same media types in the same order: one bounded
 * cache per distinct set, keyed by the `Accept` header (FIFO eviction keeps memory flat under
 * hostile headers).
 */
export class NegotiationCaches {
  private readonly caches = new Map<string, Map<string, number>>();
  constructor(private readonly size: number) {}

  forOffers(mediaTypes: readonly string[]): Map<string, number> {
    const key = mediaTypes.join(',');
    let cache = this.caches.get(key);
    if (!cache) this.caches.set(key, (cache = new Map<string, number>()));
    return cache;
  }

  get limit(): number {
    return this.size;
  }
}

/** The representations of one route, in preference order, with its negotiation. */
export class RepresentationSet {
  readonly offers: readonly Representation[];
  /** More than one offer: the response depends on `Accept` (so `Vary: Accept`). */
  readonly isNegotiated: boolean;
  private readonly mediaTypes: readonly string[];
  private readonly cache: Map<string, number>;
  private readonly limit: number;

  constructor(responders: readonly Responder[], caches: NegotiationCaches) {
    const preferred = responders.filter((r) => r.preferred).map(fromResponder);
    const others = responders.filter((r) => !r.preferred).map(fromResponder);
    this.offers = [...preferred, JSON_REPRESENTATION, ...others];
    this.isNegotiated = this.offers.length > 1;
    this.mediaTypes = this.offers.map((o) => o.mediaType);
    this.cache = caches.forOffers(this.mediaTypes);
    this.limit = caches.limit;
  }

  /** The offer selected by a path suffix such as `.xml`, if any. */
  bySuffix(suffix: string): Representation | undefined {
    return this.offers.find((o) => o.suffix === suffix);
  }

  /** Picks the representation for `accept`, or throws 406. */
  choose(accept: string | undefined): Representation {
    if (accept === undefined) return this.offers[0];
    let index = this.cache.get(accept);
    if (index === undefined) {
      const chosen = negotiate(accept, this.mediaTypes);
      index = chosen === undefined ? -1 : this.mediaTypes.indexOf(chosen);
      if (this.limit > 0) {
        if (this.cache.size >= this.limit) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(accept, index);
      }
    }
    if (index === -1) {
      throw new HttpError('ERR_NOT_ACCEPTABLE', {
        // The refusal depends on Accept even where only one format is offered.
        headers: { vary: 'Accept' },
        detail: `This resource is available as ${this.mediaTypes.join(', ')}; the Accept header allows none of them.`,
      });
    }
    return this.offers[index];
  }
}
