import type { DualAuthAuditEvent } from '@dual-auth/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { runningApp } from '../test/support/running-app.js';
import type { JwksServer } from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';
import { withDualAuth } from './fetch/index.js';
import { dualAuth as honoDualAuth } from './hono/index.js';

// Upgrade safety: the route templates each framework hands the guard reach the audit exactly as
// written, now that a route without parameter syntax is taken for a raw path.
let jwks: JwksServer;
const audits: DualAuthAuditEvent[] = [];
idpJwksPerSuite((started) => ({ jwks } = started));

/** The okta scenario's guard options, recording the audits. */
const guardOptions = () =>
  scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: (e) => void audits.push(e) });

/** A real guard: a request without credentials is refused (401) and audited. */
const guard = () => createDualAuthGuard(guardOptions());

/** The audited routes of `paths` requested (without credentials) from `request`. */
async function auditedRoutes(paths: string[], request: (path: string) => Promise<number>) {
  audits.length = 0;
  for (const path of paths) expect(await request(path)).toBe(401);
  return audits.map((audit) => audit.route);
}

describe('framework route templates are audited as written', () => {
  it('Express 5: named parameters, two in a segment, a named wildcard, an optional group', async () => {
    const app = express();
    const templates = [
      '/accounts/:id',
      '/flights/:from-:to',
      '/files/*splat',
      '/users{/:id}/posts',
    ];
    for (const template of templates)
      app.get(template, expressDualAuth(guard()), (_q, r) => r.end());
    const running = await runningApp(app.listen(0, '127.0.0.1'));
    try {
      const paths = ['/accounts/42', '/flights/LHR-JFK', '/files/a/b.txt', '/users/7/posts'];
      const routes = await auditedRoutes(paths, async (path) => {
        const response = await fetch(`${running.url}${path}`);
        await response.body?.cancel();
        return response.status;
      });
      expect(routes).toEqual(templates);
    } finally {
      await running.close();
    }
  });

  it('Fastify: named parameters, a pattern with a suffix, two in a segment, a wildcard', async () => {
    const app = Fastify();
    app.addHook('onRequest', fastifyDualAuth(guard()));
    const templates = [
      '/accounts/:id',
      '/example/:file(^\\d+).png',
      '/flights/:from-:to',
      '/public/*',
    ];
    for (const template of templates) app.get(template, async () => ({}));
    const paths = ['/accounts/42', '/example/12.png', '/flights/LHR-JFK', '/public/a/b.css'];
    const routes = await auditedRoutes(
      paths,
      async (url) => (await app.inject({ url })).statusCode,
    );
    expect(routes).toEqual(templates);
    await app.close();
  });

  it('Hono: named parameters, a pattern, a wildcard mount', async () => {
    const app = new Hono();
    app.use('/assets/*', honoDualAuth(guard()));
    const templates = ['/accounts/:id', '/posts/:id{[0-9]+}/comments'];
    for (const template of templates) app.get(template, honoDualAuth(guard()), (c) => c.text(''));
    const paths = ['/accounts/42', '/posts/7/comments', '/assets/a.css'];
    const routes = await auditedRoutes(paths, async (path) => (await app.request(path)).status);
    expect(routes).toEqual([...templates, '/assets/*']);
  });

  it('fetch wrapper: the route a Next.js app gives (`[id]`, `[...slug]`)', async () => {
    const templates = ['/api/accounts/[id]', '/docs/[...slug]'];
    const routes = await auditedRoutes(['/api/accounts/42', '/docs/a/b'], async (path) => {
      const template = path.startsWith('/docs') ? '/docs/[...slug]' : '/api/accounts/[id]';
      const handler = withDualAuth(() => new Response(), {
        ...guardOptions(),
        route: () => template,
      });
      return (await handler(new Request(`https://api.example.com${path}`))).status;
    });
    expect(routes).toEqual(templates);
  });
});
