import { createApp } from '@pith/core';
import { All, Controller, Get, Post, router } from '@pith/router';
import { sessionPlugin } from '@pith/session';
import {
  Authenticated,
  CsrfExempt,
  RateLimit,
  SECURITY_METADATA,
  securityPlugin,
} from '@pith/security';

@Controller('/admin')
@Authenticated({ loginPath: '/admin/login' })
@RateLimit({ limit: 1, windowMs: 60_000 })
class AdminController {
  @Get('/')
  home() {
    return { ok: true };
  }
}

@Controller('/hooks')
@CsrfExempt()
class HooksController {
  @Post('/in')
  receive() {
    return { received: true };
  }

  @All('/any')
  any() {
    return { any: true };
  }
}

@Controller('/mixed')
class MixedController {
  @All('/any')
  any() {
    return { any: true };
  }
}

function app() {
  return createApp(
    {
      env: 'test',
      logger: { level: 'silent' },
      plugins: {
        router: [router, { controllers: [AdminController, HooksController, MixedController] }],
        session: [sessionPlugin, { secret: 'decorators-at-boot-secret-0123456789ab' }],
        security: securityPlugin,
      },
    },
    {},
  );
}

describe('security decorators', () => {
  it('only record metadata (nothing registered, nothing run at import)', () => {
    expect(Reflect.getMetadata(SECURITY_METADATA.authenticated, AdminController)).toEqual({
      loginPath: '/admin/login',
    });
    expect(Reflect.getMetadata(SECURITY_METADATA.rateLimit, AdminController)).toMatchObject({
      limit: 1,
    });
    expect(Reflect.getMetadata(SECURITY_METADATA.csrfExempt, HooksController)).toBe(true);
  });

  it('apply at controller level, with the per-route login page', async () => {
    const a = app();
    const page = await a.inject({ url: '/admin', headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/admin/login?next=%2Fadmin');
    expect(
      (await a.inject({ url: '/admin', headers: { accept: 'application/json' } })).statusCode,
    ).toBe(429);
    await a.close();
  });

  it('CSRF on an ALL route checks unsafe methods only; @CsrfExempt on a controller covers its routes', async () => {
    const a = app();
    const cookie = { cookie: 'sid=x', accept: 'application/json' };
    expect((await a.inject({ method: 'GET', url: '/mixed/any', headers: cookie })).statusCode).toBe(
      200,
    );
    expect(
      (await a.inject({ method: 'DELETE', url: '/mixed/any', headers: cookie })).statusCode,
    ).toBe(403);
    expect((await a.inject({ method: 'POST', url: '/hooks/in', headers: cookie })).statusCode).toBe(
      200,
    );
    expect(
      (await a.inject({ method: 'DELETE', url: '/hooks/any', headers: cookie })).statusCode,
    ).toBe(200);
    await a.close();
  });

  it('rejects invalid rules where they are written', () => {
    expect(() => RateLimit({ limit: 0, windowMs: 1000 })).toThrow(
      /limit must be a positive integer/,
    );
    expect(() => RateLimit({ limit: 1, windowMs: 1.5 })).toThrow(/windowMs/);
  });

  it('refuses CSRF without the session plugin at boot, naming the key', async () => {
    const bare = createApp(
      {
        env: 'test',
        logger: { level: 'silent' },
        plugins: { router: [router, {}], security: securityPlugin },
      },
      {},
    );
    await expect(bare.ready()).rejects.toThrow(/plugins\.security\.csrf needs the session plugin/);
  });
});
