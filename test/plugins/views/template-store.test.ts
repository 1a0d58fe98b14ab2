import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fakeCtx, makeViews } from './fake-route';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pith-views-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, source: string, mtime?: Date): void {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  // An explicit mtime stands in for "later": the test never waits for the clock.
  if (mtime) utimesSync(file, mtime, mtime);
}

describe('template store at boot', () => {
  it('fails when the views folder does not exist, naming the option and the path', () => {
    const { engine } = makeViews({ dir: path.join(dir, 'nope') });
    expect(() => engine.start()).toThrow(/ERR_VIEWS_DIR_NOT_FOUND: plugins\.views\.dir: .*nope/);
  });

  it('fails when a template includes a missing partial, naming both', () => {
    write('pages/home.ejs', `<%- include('partials/header') %>`);
    const { engine } = makeViews({ dir });
    expect(() => engine.start()).toThrow(
      /ERR_VIEW_NOT_FOUND: template "pages\/home" calls include\('partials\/header'\), but there is no template "partials\/header"/,
    );
  });

  it('fails when a template asks for a missing layout, and when the default layout is missing', () => {
    write('pages/home.ejs', `<% layout('layouts/gone') %>hi`);
    expect(() => makeViews({ dir }).engine.start()).toThrow(/calls layout\('layouts\/gone'\)/);
    rmSync(path.join(dir, 'pages/home.ejs'));
    write('pages/home.ejs', 'hi');
    expect(() => makeViews({ dir, layout: 'layouts/main' }).engine.start()).toThrow(
      /plugins\.views\.layout is template "layouts\/main"/,
    );
  });

  it('fails on a template that does not compile, naming the template and its file', () => {
    write('pages/broken.ejs', '<% if (x) { %>never closed');
    expect(() => makeViews({ dir }).engine.start()).toThrow(
      /ERR_VIEW_COMPILE: template "pages\/broken" \(.*broken\.ejs\) does not compile/,
    );
  });

  it('never resolves a name outside the views folder', () => {
    write('pages/a.ejs', 'a');
    writeFileSync(path.join(dir, '..', `${path.basename(dir)}-secret.ejs`), 'secret');
    const { store } = makeViews({ dir, watch: true });
    store.load();
    expect(store.find(`../${path.basename(dir)}-secret`)).toBeUndefined();
    expect(store.find('/etc/passwd')).toBeUndefined();
    expect(store.find('pages/../pages/a')?.name).toBe('pages/a');
    rmSync(path.join(dir, '..', `${path.basename(dir)}-secret.ejs`));
  });
});

describe('recompiling', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:01:00Z');

  it('recompiles a changed page, layout and partial in development', () => {
    write('layouts/main.ejs', '[<%- body %>]', t0);
    write('pages/home.ejs', `<%- include('partials/p') %> v1 <%= name %>`, t0);
    write('partials/p.ejs', 'p1', t0);
    const { engine, responders } = makeViews({ dir, watch: true, layout: 'layouts/main' });
    engine.start();
    const page = responders({ html: 'pages/home' }).html;
    expect(page.render({ name: 'x' }, fakeCtx)).toBe('[p1 v1 x]');
    write('pages/home.ejs', `<%- include('partials/p') %> v2 <%= name %>`, t1);
    write('partials/p.ejs', 'p2', t1);
    write('layouts/main.ejs', '{<%- body %>}', t1);
    expect(page.render({ name: 'x' }, fakeCtx)).toBe('{p2 v2 x}');
  });

  it('picks up a partial added after boot in development', () => {
    write('pages/home.ejs', `<%- include(partial) %>`);
    const { engine, responders } = makeViews({ dir, watch: true });
    engine.start();
    const page = responders({ html: 'pages/home' }).html;
    expect(() => page.render({ partial: 'partials/new' }, fakeCtx)).toThrow(
      /ERR_VIEW_NOT_FOUND: template "pages\/home" includes template "partials\/new"/,
    );
    write('partials/new.ejs', 'fresh');
    expect(page.render({ partial: 'partials/new' }, fakeCtx)).toBe('fresh');
  });

  it('compiles once in production: later edits are not read', () => {
    write('pages/home.ejs', 'v1', t0);
    const { engine, responders } = makeViews({ dir, watch: false });
    engine.start();
    const page = responders({ html: 'pages/home' }).html;
    write('pages/home.ejs', 'v2', t1);
    expect(page.render({}, fakeCtx)).toBe('v1');
  });
});

describe('template errors', () => {
  it('keeps template source out of errors unless compileDebug (development) is on', () => {
    write('pages/bad.ejs', 'line one\n<p><%= missing.value %></p>');
    const prod = makeViews({ dir, compileDebug: false });
    prod.engine.start();
    const prodError = (() => {
      try {
        void prod.responders({ html: 'pages/bad' }).html.render({}, fakeCtx);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(prodError?.message).toBe('missing is not defined');
    const dev = makeViews({ dir, compileDebug: true });
    dev.engine.start();
    expect(() => dev.responders({ html: 'pages/bad' }).html.render({}, fakeCtx)).toThrow(
      /bad\.ejs:2\n.* >> 2\| <p><%= missing\.value %><\/p>/s,
    );
  });
});
