import { escapeHtml, escapeXml } from '../../../plugins/views/src/markup-escape';
import { fakeCtx, makeViews } from './fake-route';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '&lt;already&gt; & raw',
  '</title><script>x</script>',
  ']]><!-- -->',
];

describe('escaping', () => {
  it('escapes the five markup characters for HTML and XML, quotes and apostrophes included', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(0)).toBe('0');
    expect(escapeHtml({ toString: () => '<b>' })).toBe('&lt;b&gt;');
  });

  it('agrees with a plain replace on edge positions and random strings', () => {
    const reference = (t: string) =>
      t.replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
      );
    const alphabet = ['a', 'é', '&', '<', '>', '"', "'", ' ', '\u{1F600}'];
    const samples = ['', '&', '<<>>', '"a"', "'", 'end&', '&start', 'plain', '&amp;'];
    let seed = 42;
    for (let i = 0; i < 500; i++) {
      let text = '';
      for (let j = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 12; j > 0; j--)
        text += alphabet[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length];
      samples.push(text);
    }
    for (const text of samples) {
      expect(escapeHtml(text)).toBe(reference(text));
      expect(escapeXml(text)).toBe(reference(text));
    }
    expect(escapeHtml(12.5)).toBe('12.5');
    expect(escapeXml(true)).toBe('true');
  });

  it('replaces characters XML 1.0 forbids so the document stays well-formed', () => {
    expect(escapeXml('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\tg\nh\ri')).toBe(
      'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\tg\nh\ri',
    );
    expect(escapeXml('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00')).toBe(
      'lone \uFFFD high, lone \uFFFD low, pair \uD83D\uDE00',
    );
  });

  it.each(PAYLOADS)('escapes %j in every local of an HTML page and its layout', async (payload) => {
    const { engine, extensions, responders } = makeViews({ layout: 'layouts/main' });
    extensions.addLocals(() => ({ user: { name: payload }, cspNonce: payload }));
    engine.start();
    const html = await responders({ html: 'appointments/list' }).html.render(
      { title: payload, appointments: [{ title: payload, at: payload }] },
      fakeCtx,
    );
    const safe = escapeHtml(payload);
    expect(html).toContain(`<title>${safe}</title>`);
    expect(html).toContain(`Signed in as ${safe}</nav>`);
    expect(html).toContain(`<li title="${safe}">${safe} at ${safe}</li>`);
    expect(html).toContain(`<script nonce="${safe}">`);
    expect(html).not.toContain(payload);
  });

  it.each(PAYLOADS)('escapes %j in text, attributes and arrays of an XML document', (payload) => {
    const { responders } = makeViews();
    const xml = responders({ xml: 'pages/echo.xml' }).xml.render(
      { message: payload, items: [payload], nested: { deep: payload } },
      fakeCtx,
    ) as string;
    const safe = escapeXml(payload);
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<echo message="${safe}" quoted='${safe}'><text>${safe}</text>` +
        `<item>${safe}</item><deep>${safe}</deep></echo>\n`,
    );
    expect(xml).not.toContain(payload);
  });

  it('keeps an XML view well-formed when data holds control characters', () => {
    const { responders } = makeViews();
    const xml = responders({ xml: 'pages/echo.xml' }).xml.render(
      { message: 'bell\u0007', items: [], nested: {} },
      fakeCtx,
    ) as string;
    expect(xml).toContain('<text>bell\uFFFD</text>');
  });
});
