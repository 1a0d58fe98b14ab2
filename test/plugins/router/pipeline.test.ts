import {
  createApp,
  definePlugin,
  HttpError,
  inject,
  injectable,
  type RequestContext,
} from '@pith/core';
import router, {
  Body,
  Controller,
  createParamDecorator,
  Ctx,
  Get,
  Header,
  Headers,
  HttpCode,
  Ip,
  Param,
  Post,
  Redirect,
  Req,
  Res,
  ROUTER,
  SetMetadata,
  Use,
  UseGuards,
  UseInterceptors,
  type Interceptor,
  type RouteDefinition,
} from '@pith/router';
import type { IncomingMessage } from 'node:http';
import type { Reply } from '@pith/core';

const ROLE = Symbol('role');
const trace = (name: string) => (ctx: RequestContext) => {
  ((ctx.state.trace as string[] | undefined) ?? (ctx.state.trace = [])).push(name);
};
const asyncTrace = (name: string) => async (ctx: RequestContext) => {
  await Promise.resolve();
  trace(name)(ctx);
};
const around =
  (name: string, wraps: boolean): Interceptor =>
  async (ctx, next) => {
    trace(`${name}:before`)(ctx);
    const result = await next();
    trace(`${name}:after`)(ctx);
    return wraps ? { wrappedBy: name, result } : result;
  };
const Locale = createParamDecorator(
  (ctx, fallback: string | undefined) => ctx.header('accept-language') ?? fallback,
);
const AsyncUser = createParamDecorator(async (ctx) => ({ name: ctx.header('x-user') ?? 'anon' }));

@Use(trace('controller-hook'))
@UseGuards((ctx) => {
  trace('controller-guard')(ctx);
  return true;
})
@UseInterceptors(around('outer', false))
@SetMetadata(ROLE, 'user')
@Controller('/p')
class PipelineController {
  @Get('/order')
  @Use(asyncTrace('route-hook-1'), trace('route-hook-2'))
  @UseGuards(async (ctx) => {
    trace('route-guard')(ctx);
    return true;
  })
  @UseInterceptors(around('inner', true))
  @SetMetadata(ROLE, 'admin')
  order(@Ctx() ctx: RequestContext) {
    trace('handler')(ctx);
    return { trace: ctx.state.trace };
  }

  @Get('/denied') @UseGuards(() => false) denied() {
    return 'never';
  }
  @Get('/thrown')
  @UseGuards(() => {
    throw new HttpError('ERR_UNAUTHORIZED', { detail: 'Log in first.' });
  })
  thrown() {
    return 'never';
  }
  @Get('/hook-sends')
  @Use((ctx) => ctx.reply.status(418).send('short-circuit'))
  hookSends() {
    return 'never';
  }
  @Get('/params/:id')
  params(
    @Param() all: Record<string, string>,
    @Headers('X-Test') one: string,
    @Headers() headers: Record<string, string>,
    @Ip() ip: string,
    @Req() req: IncomingMessage,
    @Locale('en') locale: string,
    @AsyncUser() user: { name: string },
  ) {
    return {
      all: { ...all },
      one,
      hasHeaders: 'x-test' in headers,
      ip,
      url: req.url,
      locale,
      user,
    };
  }
  @Post('/created') @HttpCode(201) @Header('x-extra', 'yes') created() {
    return { ok: true };
  }
  @Post('/accepted') @HttpCode(202) accepted() {
    return undefined;
  }
  @Get('/redirect') @Redirect('/p/elsewhere') redirect() {
    return undefined;
  }
  @Get('/redirect-dynamic') @Redirect('/p/elsewhere', 301) dynamic() {
    return { url: '/p/there', statusCode: 307 };
  }
  @Get('/res') res(@Res() reply: Reply) {
    void reply.status(202).type('text/csv').send('a,b');
  }
  @Get('/async') async asyncHandler() {
    await Promise.resolve();
    return { later: true };
  }
  @Get('/fails') fails() {
    throw new Error('secret detail');
  }
}

@injectable()
class Clock {
  readonly id = Math.random();
}
@injectable()
class Greeter {
  constructor(readonly clock: Clock) {}
}
const NAME = Symbol('name');
@Controller('/di')
class DiController {
  constructor(
    readonly greeter: Greeter,
    readonly clock: Clock,
    @inject(NAME) readonly name: string,
  ) {}
  @Get('/') show() {
    return { same: this.greeter.clock === this.clock, name: this.name, id: this.clock.id };
  }
}

const observed: RouteDefinition[] = [];
const helper = definePlugin({
  name: 'helper',
  dependencies: ['router'],
  setup(ctx) {
    ctx.provide(NAME, { useValue: 'pith' });
    ctx.addHook('preHandler', trace('global'));
    const ext = ctx.resolve(ROUTER);
    ext.addControllers(DiController);
    ext.addRouteHooks((route) => {
      observed.push(route);
      return route.getMetadata(ROLE) === 'admin' ? { preHandler: [trace('factory')] } : undefined;
    });
  },
});

describe('router pipeline', () => {
  const app = createApp({
    plugins: { router: [router, { controllers: [PipelineController] }], helper },
  });
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  it('runs global hooks, factory hooks, controller then route hooks, guards, interceptors, handler', async () => {
    const res = await app.inject('/p/order');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      wrappedBy: 'inner',
      result: {
        trace: [
          'global',
          'factory',
          'controller-hook',
          'route-hook-1',
          'route-hook-2',
          'controller-guard',
          'route-guard',
          'outer:before',
          'inner:before',
          'handler',
          'inner:after',
          'outer:after',
        ],
      },
    });
  });

  it('lets route-hook factories read SetMetadata from method then class', () => {
    const order = observed.find((r) => r.propertyKey === 'order')!;
    const denied = observed.find((r) => r.propertyKey === 'denied')!;
    expect(order.getMetadata(ROLE)).toBe('admin');
    expect(denied.getMetadata(ROLE)).toBe('user');
    expect(order.handlerName).toBe('PipelineController.order');
    expect(order.path).toBe('/p/order');
  });

  it('answers 403 when a guard says false and the thrown error otherwise', async () => {
    const denied = await app.inject({ url: '/p/denied', headers: { accept: 'application/json' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('ERR_FORBIDDEN');
    const thrown = await app.inject({ url: '/p/thrown', headers: { accept: 'application/json' } });
    expect(thrown.statusCode).toBe(401);
    expect(thrown.json().detail).toBe('Log in first.');
  });

  it('stops when a hook sends the reply', async () => {
    const res = await app.inject('/p/hook-sends');
    expect(res.statusCode).toBe(418);
    expect(res.body).toBe('short-circuit');
  });

  it('extracts every built-in and custom parameter (sync and async)', async () => {
    const res = await app.inject({
      url: '/p/params/7?x=1',
      headers: { 'x-test': 'hello', 'accept-language': 'fr', 'x-user': 'ada' },
    });
    expect(res.json()).toEqual({
      all: { id: '7' },
      one: 'hello',
      hasHeaders: true,
      ip: '127.0.0.1',
      url: '/p/params/7?x=1',
      locale: 'fr',
      user: { name: 'ada' },
    });
    expect((await app.inject('/p/params/7')).json().locale).toBe('en');
  });

  it('applies @HttpCode and @Header', async () => {
    const res = await app.inject({ method: 'POST', url: '/p/created' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-extra']).toBe('yes');
    const accepted = await app.inject({ method: 'POST', url: '/p/accepted' });
    expect(accepted.statusCode).toBe(202);
  });

  it('redirects with @Redirect, overridable by the return value', async () => {
    const res = await app.inject('/p/redirect');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/p/elsewhere');
    const dynamic = await app.inject('/p/redirect-dynamic');
    expect(dynamic.statusCode).toBe(307);
    expect(dynamic.headers.location).toBe('/p/there');
  });

  it('lets a handler send through @Res', async () => {
    const res = await app.inject('/p/res');
    expect(res.statusCode).toBe(202);
    expect(res.headers['content-type']).toBe('text/csv');
    expect(res.body).toBe('a,b');
  });

  it('awaits async handlers', async () => {
    expect((await app.inject('/p/async')).json()).toEqual({ later: true });
  });

  it('hides 5xx details', async () => {
    const res = await app.inject({ url: '/p/fails', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
  });

  it('builds controllers and their services once, as singletons of the app container', async () => {
    const a = (await app.inject('/di')).json();
    const b = (await app.inject('/di')).json();
    expect(a).toEqual({ same: true, name: 'pith', id: b.id });
    expect(app.container.isRegistered(Greeter)).toBe(true);
    const other = createApp({
      plugins: { router: [router, { controllers: [PipelineController] }], helper },
    });
    await other.ready();
    expect((await other.inject('/di')).json().id).not.toBe(a.id);
    await other.close();
  });

  it('names a service that cannot be built', async () => {
    class Unwired {
      constructor(readonly clock: Clock) {}
    }
    @Controller('/x')
    class NeedsUnwired {
      constructor(readonly unwired: Unwired) {}
      @Get('/') show() {
        return this.unwired;
      }
    }
    const broken = createApp({ plugins: { router: [router, { controllers: [NeedsUnwired] }] } });
    await expect(broken.ready()).rejects.toThrow(
      /ERR_CONTROLLER_RESOLVE: Unwired \(needed by NeedsUnwired\) has constructor parameters but no type metadata/,
    );
  });

  it('lists routes for `pith routes`', async () => {
    const lines: string[] = [];
    await app.commands.get('routes')!.run([], (line) => lines.push(line));
    expect(lines[0]).toMatch(/^METHOD\s+PATH\s+HANDLER\s+STAGES\s+REPRESENTATIONS$/);
    const order = lines.find((l) => l.includes('PipelineController.order'))!;
    expect(order).toMatch(
      /GET\s+\/p\/order\s+PipelineController\.order\s+hooks: (\w+,){4}\w+ guards: \w+,\w+ interceptors: \w+,\w+\s+json$/,
    );
    expect(app.resolve(ROUTER).routes().length).toBeGreaterThan(10);
  });
});

@Controller('/edge')
class EdgeController {
  @Post('/field') field(@Body('name') name: string, @Body('count') count: number) {
    return { name, count };
  }
  @Get('/async-deny')
  @UseGuards(async () => false)
  asyncDeny() {
    return 'never';
  }
  @Get('/hook-throws')
  @Use(async () => {
    throw new HttpError('ERR_CONFLICT', { detail: 'Hook said no.' });
  })
  hookThrows() {
    return 'never';
  }
  @Get('/mapped')
  @UseInterceptors(async (_ctx, next) => {
    try {
      return await next();
    } catch {
      return { recovered: true };
    }
  })
  mapped() {
    throw new Error('inner failure');
  }
  @Get('/res-value') resValue(@Res() reply: Reply) {
    reply.header('x-from-handler', '1');
    return { viaReturn: true };
  }
}

describe('router pipeline edges', () => {
  const app = createApp({ plugins: { router: [router, { controllers: [EdgeController] }] } });
  afterAll(() => app.close());

  it('picks named body fields; a JSON string is never converted to a number', async () => {
    const send = (count: unknown) =>
      app.inject({
        method: 'POST',
        url: '/edge/field',
        headers: { 'content-type': 'application/json' },
        payload: { name: 'x', count },
      });
    expect((await send(3)).json()).toEqual({ name: 'x', count: 3 });
    expect((await send('3')).statusCode).toBe(422);
  });

  it('answers 403 for an async guard resolving false', async () => {
    expect((await app.inject('/edge/async-deny')).statusCode).toBe(403);
  });

  it('answers the error an async hook throws', async () => {
    const res = await app.inject({
      url: '/edge/hook-throws',
      headers: { accept: 'application/json' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('Hook said no.');
  });

  it('lets an interceptor recover from a handler error', async () => {
    expect((await app.inject('/edge/mapped')).json()).toEqual({ recovered: true });
  });

  it('serializes a value returned by a handler that also takes @Res', async () => {
    const res = await app.inject('/edge/res-value');
    expect(res.headers['x-from-handler']).toBe('1');
    expect(res.json()).toEqual({ viaReturn: true });
  });
});
