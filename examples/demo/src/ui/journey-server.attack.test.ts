import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordedJourney, statusOf } from '../../test/support/recorded-journey.js';
import type { JourneyServer } from './journey-server.js';

// The demo UI drives an agent acting for a (test) human on its own loopback port. A page of any
// other origin the same browser opens, or a DNS-rebinding name pointed at 127.0.0.1, must not
// drive it. The IdP start is recorded instead of run: reaching it is the proof a step ran.
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

let started: string[];
let journey: JourneyServer;
let attacker: Server;
let attackerUrl: string;
let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  ({ journey, started } = await startRecordedJourney());
  // A page of another origin (another port) that posts a step as a "simple" request: text/plain,
  // no-cors, no preflight; it cannot read the answer, it only needs the step to run.
  const target = new URL('api/step', journey.url).href;
  const html = `<!doctype html><script>
    fetch(${JSON.stringify(target)}, {
      method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ vendor: 'keycloak', mode: 'recipe', step: 'sign-in' }),
    }).finally(() => { document.title = 'sent'; });
  </script>`;
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
  userDataDir = mkdtempSync(join(tmpdir(), 'dual-auth-chromium-attack-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timeout: 120_000,
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await journey?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

describe('demo journey server against other origins (attack)', () => {
  it('a page of another origin cannot run a step with a text/plain no-cors POST', async () => {
    started.length = 0;
    const page = await context.newPage();
    await page.goto(attackerUrl);
    await page.waitForFunction(() => document.title === 'sent', undefined, { timeout: 120_000 });
    await page.close();
    // The journey server answers only after the step ran (or was refused): nothing is pending.
    expect(started).toEqual([]);
  }, 180_000);

  it('a request naming another host (DNS rebinding to 127.0.0.1) is refused', async () => {
    const { port } = new URL(journey.url);
    const status = await statusOf({
      port,
      path: '/api/journeys',
      headers: { host: `attacker.example:${port}` },
    });
    expect(status).not.toBe(200);
  }, 60_000);
});
