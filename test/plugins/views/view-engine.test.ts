import { fakeCtx, fakeRoute, makeViews } from './fake-route';

const appointments = [
  { title: 'Dentist', at: '09:00' },
  { title: 'Vet', at: '11:30' },
];

describe('responder factory', () => {
  it('gives routes without @Render nothing, and routes with it HTML and XML responders', () => {
    const { factory, responders } = makeViews({ layout: 'layouts/main' });
    expect(factory(fakeRoute(undefined))).toBeUndefined();
    const r = responders({ html: 'appointments/list', xml: 'appointments/list.xml' });
    expect(r.html).toMatchObject({
      format: 'html',
      mediaType: 'text/html',
      contentType: 'text/html; charset=utf-8',
      preferred: true,
    });
    expect(r.xml).toMatchObject({
      format: 'xml',
      mediaType: 'application/xml',
      contentType: 'application/xml; charset=utf-8',
      suffix: '.xml',
    });
    expect(r.json).toBeUndefined();
  });

  it('refuses bad @Render metadata at boot, naming the handler', () => {
    const { responders } = makeViews();
    expect(() => responders({}, 'A.b')).toThrow(
      /ERR_VIEW_RENDER_SPEC: @Render on A\.b names neither/,
    );
    expect(() => responders({ xml: 'pages/echo' }, 'A.c')).toThrow(
      /A\.c names the XML template "pages\/echo"/,
    );
  });

  it('names the route handler and the template when a template is missing', () => {
    const { responders } = makeViews();
    expect(() => responders({ html: 'appointments/nope' }, 'AppointmentsController.list')).toThrow(
      /ERR_VIEW_NOT_FOUND: AppointmentsController\.list renders template "appointments\/nope" \(.*appointments\/nope\.ejs\), which does not exist/,
    );
    expect(() => responders({ html: 'pages/bare', layout: 'layouts/gone' }, 'P.q')).toThrow(
      /the layout of P\.q is template "layouts\/gone"/,
    );
  });
});

describe('layouts, blocks and partials', () => {
  it('wraps the page in the default layout with body, blocks and an included partial', () => {
    const { responders } = makeViews({ layout: 'layouts/main' });
    const html = responders({ html: 'appointments/list' }).html.render(
      { appointments, title: 'Today', user: { name: 'Ada' }, cspNonce: 'n0nce' },
      fakeCtx,
    ) as string;
    expect(html).toMatch(
      /^<!DOCTYPE html>\n<html><head><title>Today<\/title><meta name="page" content="list">/,
    );
    expect(html).toContain('<nav>Signed in as Ada</nav>');
    expect(html).toContain('<main><h1>Appointments</h1>');
    expect(html).toContain('<li title="Dentist">Dentist at 09:00</li>');
    expect(html).toContain('<li title="Vet">Vet at 11:30</li>');
    expect(html).toMatch(
      /<\/main><script nonce="n0nce">window.page = 'list';<\/script>\n<\/body><\/html>/,
    );
    expect(html).not.toContain('pith-block');
  });

  it('lets a page opt out of the layout, or pick one that nests in another', () => {
    const { responders } = makeViews({ layout: 'layouts/main' });
    const bare = responders({ html: 'pages/bare' }).html.render({ message: 'hi' }, fakeCtx);
    expect(bare).toBe('<p>hi</p>\n');
    const admin = responders({ html: 'pages/admin' }).html.render({}, fakeCtx) as string;
    expect(admin).toContain('<title>Pith</title>');
    expect(admin).toContain('<main><section class="admin"><p>admin page</p>\n</section>\n</main>');
  });

  it("lets a page print a handler's own `body` while the layout gets the page as body", () => {
    const { responders } = makeViews({ layout: 'layouts/main' });
    const html = responders({ html: 'pages/post' }).html.render(
      { body: '<b>post text</b>' },
      fakeCtx,
    ) as string;
    expect(html).toContain('<main><article>&lt;b&gt;post text&lt;/b&gt;</article>\n</main>');
  });

  it('takes the layout from @Render over the default, and none for XML', () => {
    const { responders } = makeViews({ layout: 'layouts/admin' });
    const html = responders({ html: 'pages/echo', layout: false }).html.render(
      { message: 'm', items: [], nested: { deep: 1 } },
      fakeCtx,
    ) as string;
    expect(html.startsWith('<p id="text">m</p>')).toBe(true);
    const xml = responders({ html: 'pages/echo', xml: 'appointments/list.xml' }).xml.render(
      { appointments },
      fakeCtx,
    ) as string;
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<appointments><appointment title="Dentist" at="09:00">Dentist<\/appointment>/,
    );
  });

  it('adds app-wide locals from contributors, sync and async, handler data winning', async () => {
    const { engine, extensions, responders } = makeViews({ layout: 'layouts/main' });
    extensions.addLocals(() => ({ user: { name: 'Grace' }, title: 'from plugin' }));
    extensions.addLocals(async (ctx) => ({ cspNonce: `nonce-${ctx.id}` }));
    engine.start();
    expect(() => extensions.addLocals(() => ({}))).toThrow(/ERR_VIEWS_SEALED/);
    const pending = responders({ html: 'appointments/list' }).html.render(
      { appointments: [], title: 'from handler' },
      fakeCtx,
    );
    expect(pending).toBeInstanceOf(Promise);
    const html = await pending;
    expect(html).toContain('<title>from handler</title>');
    expect(html).toContain('Signed in as Grace');
    expect(html).toContain('<script nonce="nonce-req-1">');
  });

  it('renders a template by name outside a request after ready', () => {
    const { engine, extensions } = makeViews({ layout: 'layouts/main' });
    expect(() => extensions.render('pages/bare', { message: 'x' })).toThrow(
      /before the app is ready/,
    );
    engine.start();
    expect(extensions.render('pages/bare', { message: 'x' })).toBe('<p>x</p>\n');
    expect(() => extensions.render('pages/none')).toThrow(/ERR_VIEW_NOT_FOUND/);
  });

  it('passes a non-object return value as `data`', () => {
    const { store, engine } = makeViews();
    engine.start();
    const page = store.find('pages/data')!;
    expect(engine.render({ page, layout: undefined }, ['a', 'b'], fakeCtx)).toBe('a, b\n');
  });
});
