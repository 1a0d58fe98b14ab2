import { fakeCtx, makeViews } from './fake-route';

declare global {
  var __pithPwned: unknown;
}

/** Everything EJS reads as an option or uses inside its generated function, set by an attacker. */
function hostileData(): Record<string, unknown> {
  const canary = (n: number) => `x;globalThis.__pithPwned=${n};//`;
  const json = JSON.stringify({
    outputFunctionName: canary(1),
    localsName: canary(2),
    destructuredLocals: [canary(3)],
    client: true,
    strict: true,
    async: true,
    debug: true,
    compileDebug: true,
    rmWhitespace: true,
    delimiter: '?',
    openDelimiter: '[',
    closeDelimiter: ']',
    context: { evil: true },
    settings: { 'view options': { outputFunctionName: canary(4), client: true } },
    escapeFunction: 'identity',
    locals: { message: 'swapped' },
    __output: '<b>shadowed</b>',
    __append: 'not a function',
    escapeFn: 'not a function',
    rethrow: 'not a function',
    message: '<img src=x onerror=alert(1)>',
    items: ['<i>'],
    nested: { deep: '<u>' },
  });
  // An own "__proto__" key, as JSON.parse makes it from a request body.
  const proto = JSON.stringify({ escapeFunction: 'identity', outputFunctionName: canary(5) });
  return JSON.parse(`${json.slice(0, -1)},"__proto__":${proto}}`) as Record<string, unknown>;
}

describe('request data never becomes EJS options', () => {
  afterEach(() => {
    delete globalThis.__pithPwned;
  });

  it('renders option-shaped keys as plain data: no code runs and escaping stays on', () => {
    const { responders } = makeViews();
    const page = responders({ html: 'pages/echo', layout: false }).html;
    const clean = page.render(
      { message: '<img src=x onerror=alert(1)>', items: ['<i>'], nested: { deep: '<u>' } },
      fakeCtx,
    );
    const hostile = page.render(hostileData(), fakeCtx);
    expect(hostile).toBe(clean);
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).not.toContain('shadowed');
    expect(globalThis.__pithPwned).toBeUndefined();
  });

  it('ignores functions in data that try to replace the escape function or the output', () => {
    const { responders } = makeViews();
    const data = {
      ...hostileData(),
      escapeFn: (s: unknown) => String(s),
      escapeFunction: (s: unknown) => String(s),
      escape: (s: unknown) => String(s),
      __append: () => undefined,
    };
    const html = responders({ xml: 'pages/echo.xml' }).xml.render(data, fakeCtx) as string;
    expect(html).toContain('<text>&lt;img src=x onerror=alert(1)&gt;</text>');
  });

  it('keeps the template functions when data or include data name them', () => {
    const { responders } = makeViews({ layout: 'layouts/main' });
    const html = responders({ html: 'appointments/list' }).html.render(
      {
        appointments: [{ title: 'a', at: 'b' }],
        include: 'hijacked',
        layout: 'hijacked',
        contentFor: 'hijacked',
      },
      fakeCtx,
    ) as string;
    expect(html).toContain('<li title="a">a at b</li>');
    expect(html).toContain('<!DOCTYPE html>');
  });
});
