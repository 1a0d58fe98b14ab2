import { createApp, type RequestContext } from '@pith/core';
import router, { Controller, Get, Param, Query, Use } from '@pith/router';
import { compileRouter } from '../../../plugins/router/src/router-compiler';
import { routerOptions } from '../../../plugins/router/src/router-options';

@Controller('/users')
class UsersController {
  @Get('/:id') show(@Param('id') id: string, @Query('fields') fields: string) {
    return { id, fields };
  }
  @Get('/hooked/:id') @Use(() => undefined) hooked(@Param('id') id: string) {
    return { id };
  }
  @Get('/later/:id') async later(@Param('id') id: string) {
    return { id };
  }
}

/** Just enough of a request context for the compiled route: records what was sent. */
function fakeContext(url: string) {
  const sent: unknown[] = [];
  const headers = new Map<string, unknown>();
  const ctx = {
    method: 'GET',
    url,
    req: { headers: {} },
    reply: {
      sent: false,
      statusCode: 200,
      send(body: unknown) {
        this.sent = true;
        sent.push(body);
      },
      json(value: unknown) {
        if (!headers.has('content-type'))
          headers.set('content-type', 'application/json; charset=utf-8');
        this.send(JSON.stringify(value));
      },
      header(name: string, value: unknown) {
        headers.set(name, value);
        return this;
      },
      appendHeader: () => undefined,
    },
    get query() {
      const q = url.indexOf('?');
      return Object.fromEntries(new URLSearchParams(q === -1 ? '' : url.slice(q + 1)));
    },
    queryParam(name: string) {
      return (this as { query: Record<string, string> }).query[name];
    },
  } as unknown as RequestContext;
  return { ctx, sent, headers };
}

describe('router sync path', () => {
  const app = createApp({});
  const options = routerOptions.check({}, '', []);
  const { table } = compileRouter({
    options,
    container: app.container,
    controllers: [UsersController],
    globalPreHandlers: [],
    responderFactories: [],
    hookFactories: [],
  });

  it('answers a sync handler without creating a promise', () => {
    const { ctx, sent, headers } = fakeContext('/users/7?fields=name');
    const result = table.dispatch(ctx);
    expect(result).toBeUndefined();
    expect(sent).toEqual(['{"id":"7","fields":"name"}']);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    // A JSON-only route chose nothing: errors negotiate from Accept.
    expect(ctx.format).toBeUndefined();
  });

  it('stays sync through sync hooks', () => {
    const { ctx, sent } = fakeContext('/users/hooked/8');
    expect(table.dispatch(ctx)).toBeUndefined();
    expect(sent).toEqual(['{"id":"8"}']);
  });

  it('returns a promise only for async handlers', async () => {
    const { ctx, sent } = fakeContext('/users/later/9');
    const result = table.dispatch(ctx);
    expect(result).toBeInstanceOf(Promise);
    await result;
    expect(sent).toEqual(['{"id":"9"}']);
  });

  it('is what the plugin dispatches through', async () => {
    const real = createApp({ plugins: { router: [router, { controllers: [UsersController] }] } });
    expect((await real.inject('/users/7?fields=name')).json()).toEqual({ id: '7', fields: 'name' });
    await real.close();
  });
});
