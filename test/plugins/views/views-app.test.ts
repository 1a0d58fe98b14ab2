import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, definePlugin, HttpError, type Application } from '@pith/core';
import { Controller, Get, Param, Post } from '@pith/router';
import { Render, VIEWS, viewsPlugin } from '@pith/views';
import { FIXTURE_VIEWS } from './fake-route';

const appointments = [
  { title: 'Dentist <3', at: '09:00' },
  { title: "Vet's", at: '11:30' },
];

@Controller('/appointments')
class AppointmentsController {
  @Get('/')
  @Render({ html: 'appointments/list', xml: 'appointments/list.xml' })
  list() {
    return { appointments, title: 'Appointments' };
  }

  @Get('/json-only')
  jsonOnly() {
    return { ok: true };
  }

  @Post('/')
  @Render('pages/bare')
  create() {
    throw new HttpError('ERR_VALIDATION', {
      detail: 'The appointment is not valid.',
      errors: [
        { field: 'title', message: 'title must not be empty' },
        { field: 'at', message: 'at must be a time like <09:00>' },
      ],
    });
  }

  @Get('/boom')
  @Render('pages/bare')
  boom() {
    throw new Error('secret driver text at /srv/db.js');
  }

  @Get('/:id')
  @Render('pages/bare')
  show(@Param('id') id: string) {
    return { message: `appointment ${id}` };
  }
}

@Controller('/small')
class SmallController {
  @Post('/')
  @Render('pages/bare')
  create() {
    return new AppointmentsController().create();
  }

  @Get('/boom')
  @Render('pages/bare')
  boom() {
    return new AppointmentsController().boom();
  }

  @Get('/template-error')
  @Render('pages/throws')
  templateError() {
    return {};
  }
}

/** Stands in for the session and security plugins: contributes app-wide locals. */
const localsPlugin = definePlugin({
  name: 'test-locals',
  dependencies: ['views'],
  setup(ctx) {
    ctx.resolve(VIEWS).addLocals(() => ({ user: { name: '<Ada>' } }));
    ctx.resolve(VIEWS).addLocals(async (req) => ({ cspNonce: `n-${req.id.length}` }));
  },
});

function makeApp(
  views: Record<string, unknown>,
  env: 'production' | 'development' = 'production',
): Application {
  return createApp(
    {
      env,
      logger: { level: 'silent' },
      plugins: {
        router: { controllers: [AppointmentsController] },
        views: [viewsPlugin, views],
        locals: localsPlugin,
      },
    },
    {},
  );
}

describe('views through the router', () => {
  let app: Application;
  beforeAll(async () => {
    app = makeApp({ dir: FIXTURE_VIEWS, layout: 'layouts/main' });
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers one handler as HTML, XML or JSON by Accept', async () => {
    const html = await app.inject({ url: '/appointments', headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<title>Appointments</title>');
    expect(html.body).toContain('<li title="Dentist &lt;3">Dentist &lt;3 at 09:00</li>');
    expect(html.body).toContain('Signed in as &lt;Ada&gt;');
    expect(html.body).toMatch(/<script nonce="n-\d+">/);

    const xml = await app.inject({ url: '/appointments', headers: { accept: 'application/xml' } });
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.body).toContain('<appointment title="Vet&#39;s" at="11:30">Vet&#39;s</appointment>');

    const json = await app.inject({
      url: '/appointments',
      headers: { accept: 'application/json' },
    });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json()).toEqual({ appointments, title: 'Appointments' });
  });

  it('prefers HTML for browsers and */*, and takes .xml as a suffix', async () => {
    const browser = await app.inject({
      url: '/appointments',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
    const any = await app.inject({ url: '/appointments', headers: { accept: '*/*' } });
    expect(any.headers['content-type']).toBe('text/html; charset=utf-8');
    const suffix = await app.inject({ url: '/appointments.xml' });
    expect(suffix.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(suffix.body.startsWith('<?xml')).toBe(true);
  });

  it('renders the app error templates: errors/404, and errors/default listing each field of a 422', async () => {
    const missing = await app.inject({ url: '/nowhere', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('<h1 class="custom">Nothing at 404</h1>');
    expect(missing.body).toContain('<title>404 Not Found</title>');

    const invalid = await app.inject({
      method: 'POST',
      url: '/appointments',
      headers: { accept: 'text/html' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('<h1 class="custom-default">422 Unprocessable Content</h1>');
    expect(invalid.body).toContain('<li data-field="title">title must not be empty</li>');
    expect(invalid.body).toContain('<li data-field="at">at must be a time like &lt;09:00&gt;</li>');
  });

  it('keeps 5xx pages generic and shows 405 and 406 as HTML', async () => {
    const boom = await app.inject({ url: '/appointments/boom', headers: { accept: 'text/html' } });
    expect(boom.statusCode).toBe(500);
    expect(boom.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(boom.body).toContain('500 Internal Server Error');
    expect(boom.body).not.toMatch(/secret|srv|stack|at Object/);

    const wrongMethod = await app.inject({
      method: 'DELETE',
      url: '/appointments',
      headers: { accept: 'text/html' },
    });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.body).toContain('custom-default');

    const notAcceptable = await app.inject({
      url: '/appointments/json-only',
      headers: { accept: 'text/html' },
    });
    expect(notAcceptable.statusCode).toBe(406);
    expect(notAcceptable.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(notAcceptable.body).toContain('406 Not Acceptable');
  });
});

describe('views app boot and built-in error pages', () => {
  it('fails at boot naming the route handler and the template when a route template is missing', async () => {
    @Controller('/x')
    class BrokenController {
      @Get('/')
      @Render({ html: 'pages/absent' })
      show() {
        return {};
      }
    }
    const app = createApp(
      {
        env: 'production',
        logger: { level: 'silent' },
        plugins: {
          router: { controllers: [BrokenController] },
          views: [viewsPlugin, { dir: FIXTURE_VIEWS }],
        },
      },
      {},
    );
    await expect(app.ready()).rejects.toThrow(
      /ERR_VIEW_NOT_FOUND: BrokenController\.show renders template "pages\/absent"/,
    );
  });

  it('refuses a missing dir option at boot', async () => {
    const app = createApp(
      { logger: { level: 'silent' }, plugins: { router: {}, views: [viewsPlugin, {}] } },
      {},
    );
    await expect(app.ready()).rejects.toThrow(/plugins\.views\.dir is missing/);
  });

  it.each(['production', 'development'] as const)(
    'uses the built-in page when the app has no error templates (%s), dir relative to rootDir',
    async (env) => {
      const app = createApp(
        {
          env,
          rootDir: path.join(FIXTURE_VIEWS, '..'),
          logger: { level: 'silent' },
          plugins: {
            router: { controllers: [SmallController] },
            views: [viewsPlugin, { dir: 'views-without-errors' }],
          },
        },
        {},
      );
      const res = await app.inject({
        method: 'POST',
        url: '/small',
        headers: { accept: 'text/html' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('<h1>422 Unprocessable Content</h1>');
      expect(res.body).toContain(
        '<li><strong>at</strong>: at must be a time like &lt;09:00&gt;</li>',
      );
      const boom = await app.inject({ url: '/small/boom', headers: { accept: 'text/html' } });
      const broken = await app.inject({
        url: '/small/template-error',
        headers: { accept: 'text/html' },
      });
      await app.close();
      expect(boom.statusCode).toBe(500);
      expect(boom.body).toContain('<p>The server could not complete the request.</p>');
      expect(broken.statusCode).toBe(500);
      if (env === 'production') {
        expect(boom.body).not.toContain('secret');
        expect(broken.body).not.toMatch(/missing|throws\.ejs|&lt;%/);
      } else {
        expect(boom.body).toMatch(
          /<pre class="debug">Error: secret driver text at \/srv\/db.js\n\s+at /,
        );
        // compileDebug is on in development only: the template line shows in the debug block.
        expect(broken.body).toContain(' &gt;&gt; 1| &lt;p&gt;&lt;%= missing.value %&gt;&lt;/p&gt;');
      }
    },
  );
});

describe('a failing locals contributor', () => {
  it('answers with its error on the built-in page when the error template needs it too', async () => {
    const storeDown = definePlugin({
      name: 'store-down',
      dependencies: ['views'],
      setup(ctx) {
        ctx.resolve(VIEWS).addLocals(() => {
          throw new HttpError('ERR_SERVICE_UNAVAILABLE', { detail: 'The session store is down.' });
        });
      },
    });
    const app = createApp(
      {
        env: 'production',
        logger: { level: 'silent' },
        plugins: {
          router: { controllers: [AppointmentsController] },
          views: [viewsPlugin, { dir: FIXTURE_VIEWS, layout: 'layouts/main' }],
          storeDown,
        },
      },
      {},
    );
    const res = await app.inject({ url: '/appointments', headers: { accept: 'text/html' } });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>503 Service Unavailable</h1>');
    expect(res.body).not.toContain('custom-default');
  });
});

describe('template changes', () => {
  @Controller('/')
  class HomeController {
    @Get('/')
    @Render('home')
    home() {
      return { name: 'Ada' };
    }
  }

  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pith-views-app-'));
    mkdirSync(dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeHome(source: string, at: string): void {
    const file = path.join(dir, 'home.ejs');
    writeFileSync(file, source);
    utimesSync(file, new Date(at), new Date(at));
  }

  it.each([
    ['development', 'v2 Ada'],
    ['production', 'v1 Ada'],
  ] as const)(
    'in %s the second request renders %j after the file changed',
    async (env, expected) => {
      writeHome('v1 <%= name %>', '2026-01-01T00:00:00Z');
      const app = createApp(
        {
          env,
          logger: { level: 'silent' },
          plugins: { router: { controllers: [HomeController] }, views: [viewsPlugin, { dir }] },
        },
        {},
      );
      expect((await app.inject('/')).body).toBe('v1 Ada');
      writeHome('v2 <%= name %>', '2026-01-01T00:05:00Z');
      expect((await app.inject('/')).body).toBe(expected);
      await app.close();
    },
  );
});
