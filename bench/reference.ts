/**
 * The bare reference: a minimal Fastify app, no plugins, no hooks, doing the same work as
 * Comptoir's routes: rendering the same home page with the same components, and the same
 * `select 1` for /healthz. Comptoir's figure divided by this one is what the benchmark reports.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { HomePage } from '../src/features/site/views/home.tsx';
import { translator } from '../src/platform/i18n/index.ts';
import { renderPage } from '../src/platform/views/page.tsx';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();
const t = translator('fr');
const assets = { css: '/assets/app.css?v=0', icon: '/assets/favicon.svg?v=0' };

app.get('/', (_request, reply) =>
  reply
    .type('text/html; charset=utf-8')
    .send(
      renderPage({ t, lang: 'fr', path: '/', assets }, t('home.title'), HomePage({ t, loggedOn: false })),
    ),
);
app.get('/healthz', async () => {
  await pool.query('select 1');
  return { status: 'ok', database: 'up' };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
