/**
 * The production profile: the memory session store is refused, cookie sessions resist tampering
 * and replay, and template errors leak no source (compileDebug off).
 */
import { createSecurityApp } from './security-app';
import { sessionPlugin } from '@pith/session';

const SECRET = 'attack-suite-production-secret-0123456789';

function productionApp(session: Record<string, unknown>) {
  return createSecurityApp({
    config: {
      env: 'production',
      plugins: { session: [sessionPlugin, { secret: SECRET, ...session }] },
    },
  });
}

describe('attack: production defaults', () => {
  it('refuses the memory session store at boot', async () => {
    await expect(productionApp({ store: 'memory' })).rejects.toThrow(/memory store/);
  });

  it('cookie sessions: a tampered or truncated cookie is not adopted', async () => {
    const { app } = await productionApp({ store: 'cookie' });
    const set = String((await app.inject('/attack/session-touch')).headers['set-cookie']);
    const value = /^sid=([^;]+)/.exec(set)![1];
    const flipped = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11);
    for (const forged of [flipped, value.slice(0, -4), `${value}AAAA`]) {
      const res = await app.inject({
        url: '/attack/session-touch',
        headers: { cookie: `sid=${forged}` },
      });
      expect(res.statusCode).toBe(200);
      const reissued = String(res.headers['set-cookie']);
      expect(reissued).toMatch(/^sid=/);
      expect(reissued).not.toContain(forged);
    }
    await app.close();
  });

  it('a template error answers a generic 500: no template source, no stack', async () => {
    const { app } = await productionApp({ store: 'cookie' });
    const res = await app.inject({ url: '/attack/broken-page', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(
      /secretTemplateSource|notDefinedAnywhere|broken\.ejs|<p>before<\/p>|at /,
    );
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    await app.close();
  });
});
