import { createApp, definePlugin, escapeMarkup, HttpError } from '@pith/core';
import router, {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  ROUTER,
  SetMetadata,
  type Responder,
} from '@pith/router';

const TEMPLATE = Symbol('template');

/** A fake views plugin: html (preferred) and xml (with a `.xml` suffix) where a route has a template. */
const fakeViews = definePlugin({
  name: 'fake-views',
  dependencies: ['router'],
  setup(ctx) {
    ctx.resolve(ROUTER).addResponders((route) => {
      const template = route.getMetadata<string>(TEMPLATE);
      if (!template) return undefined;
      const html: Responder = {
        format: 'html',
        mediaType: 'text/html',
        contentType: 'text/html; charset=utf-8',
        preferred: true,
        render: (data) => `<p>${template}:${escapeMarkup(JSON.stringify(data))}</p>`,
      };
      const xml: Responder = {
        format: 'xml',
        mediaType: 'application/xml',
        contentType: 'application/xml; charset=utf-8',
        suffix: '.xml',
        render: async (data) => `<data>${escapeMarkup(JSON.stringify(data))}</data>`,
      };
      return [html, xml];
    });
  },
});

@Controller('/items')
class ItemsController {
  @Get('/:id') @SetMetadata(TEMPLATE, 'item') show(@Param('id') id: string) {
    if (id === 'missing') throw new Error('boom');
    return { id };
  }
  @Get('/') list() {
    return [1, 2];
  }
  @Post('/:id/delete') remove(@Param('id') id: string) {
    if (id === 'forbidden') throw new HttpError('ERR_FORBIDDEN', { detail: 'CSRF check failed.' });
    return { deleted: id };
  }
  @Get('/plain/:id') plain(@Param('id') id: string) {
    if (id === 'missing') throw new HttpError('ERR_NOT_FOUND', { detail: 'No such item.' });
    return { id };
  }
  @Post('/') @HttpCode(201) @SetMetadata(TEMPLATE, 'created') create() {
    return { created: true };
  }
}

describe('router content negotiation', () => {
  const app = createApp({
    plugins: { router: [router, { controllers: [ItemsController] }], 'fake-views': fakeViews },
  });
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  it('prefers the preferred responder for */* and no Accept', async () => {
    for (const accept of [undefined, '*/*']) {
      const res = await app.inject({ url: '/items/1', headers: accept ? { accept } : {} });
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toBe('<p>item:{&quot;id&quot;:&quot;1&quot;}</p>');
      expect(res.headers.vary).toBe('Accept');
    }
  });

  it('picks by q-values', async () => {
    const json = await app.inject({
      url: '/items/1',
      headers: { accept: 'text/html;q=0.5, application/json' },
    });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json()).toEqual({ id: '1' });
    const xml = await app.inject({
      url: '/items/1',
      headers: { accept: 'application/xml, text/html;q=0.9' },
    });
    expect(xml.body).toBe('<data>{&quot;id&quot;:&quot;1&quot;}</data>');
    const browser = await app.inject({
      url: '/items/1',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('selects by suffix on GET routes: .json always, .xml where offered', async () => {
    const json = await app.inject({ url: '/items/1.json?x=1', headers: { accept: 'text/html' } });
    expect(json.json()).toEqual({ id: '1' });
    const xml = await app.inject('/items/1.xml');
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    const plain = await app.inject('/items.json');
    expect(plain.json()).toEqual([1, 2]);
    const noXml = await app.inject('/items.xml');
    expect(noXml.statusCode).toBe(404);
  });

  it('takes a dot that is no suffix as part of the path', async () => {
    const dotted = await app.inject({
      url: '/items/v1.2',
      headers: { accept: 'application/json' },
    });
    expect(dotted.json()).toEqual({ id: 'v1.2' });
    // A percent-encoded dot is no suffix either: the id is decoded, the format negotiated.
    const encoded = await app.inject({
      url: '/items/1%2Exml',
      headers: { accept: 'application/json' },
    });
    expect(encoded.json()).toEqual({ id: '1.xml' });
  });

  it('refuses at boot a responder whose suffix is not "." and a word, naming the route', async () => {
    const oddViews = definePlugin({
      name: 'odd-views',
      dependencies: ['router'],
      setup(ctx) {
        ctx.resolve(ROUTER).addResponders(() => [
          {
            format: 'xml',
            mediaType: 'application/xml',
            contentType: 'application/xml; charset=utf-8',
            suffix: 'xml',
            render: () => '<x/>',
          },
        ]);
      },
    });
    const odd = createApp({
      plugins: { router: [router, { controllers: [ItemsController] }], 'odd-views': oddViews },
    });
    await expect(odd.ready()).rejects.toThrow(
      /ERR_ROUTE_INVALID: ItemsController\.\w+: the xml representation's suffix "xml" must be "\." then letters/,
    );
  });

  it('answers 406 when nothing is acceptable, in a format the client reads', async () => {
    const res = await app.inject({ url: '/items/1', headers: { accept: 'image/png' } });
    expect(res.statusCode).toBe(406);
    expect(res.body).toContain('text/html, application/json, application/xml');
    const jsonOnly = await app.inject({ url: '/items', headers: { accept: 'text/html' } });
    expect(jsonOnly.statusCode).toBe(406);
    // The refusal itself depends on Accept, even on a route with one format.
    expect(jsonOnly.headers.vary).toBe('Accept');
    expect(res.headers.vary).toBe('Accept');
  });

  it('keeps JSON-only routes unnegotiated: no Vary', async () => {
    const res = await app.inject('/items');
    expect(res.headers.vary).toBeUndefined();
    expect(res.json()).toEqual([1, 2]);
  });

  it('answers errors in the negotiated format', async () => {
    const xml = await app.inject('/items/missing.xml');
    expect(xml.statusCode).toBe(500);
    expect(xml.headers['content-type']).toBe('application/problem+xml; charset=utf-8');
    const json = await app.inject({
      url: '/items/missing',
      headers: { accept: 'application/json' },
    });
    expect(json.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(json.headers.vary).toBe('Accept');
  });

  it('lets errors of a JSON-only route negotiate from Accept; success stays JSON', async () => {
    const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const browser = await app.inject({
      method: 'POST',
      url: '/items/forbidden/delete',
      headers: { accept: BROWSER },
    });
    expect(browser.statusCode).toBe(403);
    expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
    const api = await app.inject({
      method: 'POST',
      url: '/items/forbidden/delete',
      headers: { accept: 'application/json' },
    });
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const missing = await app.inject({ url: '/items/plain/missing', headers: { accept: BROWSER } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    const ok = await app.inject({
      method: 'POST',
      url: '/items/7/delete',
      headers: { accept: BROWSER },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(ok.json()).toEqual({ deleted: '7' });
    // A suffix is a choice: its errors keep the chosen format whatever the Accept.
    const suffixed = await app.inject({
      url: '/items/plain/missing.json',
      headers: { accept: BROWSER },
    });
    expect(suffixed.statusCode).toBe(404);
    expect(suffixed.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('negotiates non-GET routes without suffixes', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/items',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).toBe('<p>created:{&quot;created&quot;:true}</p>');
  });

  it('keeps answering the same under many distinct Accept headers (bounded cache)', async () => {
    for (let i = 0; i < 300; i++) {
      const res = await app.inject({
        url: '/items/1',
        headers: { accept: `application/json;v=${i}` },
      });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    const again = await app.inject({ url: '/items/1', headers: { accept: 'application/xml' } });
    expect(again.headers['content-type']).toBe('application/xml; charset=utf-8');
  });
});
