import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVendors } from '../run-demo.js';
import { type JourneyServer, startJourneyServer } from './journey-server.js';
import { JOURNEY_STEPS, type JourneyMode } from './journey-steps.js';

// A real headless Chromium (Debian's `chromium`; `.ci/run` installs it) clicks through the page.
// One browser for the whole file; generous waits: each step does real TLS round trips to the
// local IdP, and the machine may be busy.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CHROMIUM = '/usr/bin/chromium';
const STEP_WAIT_MS = 150_000;
const SCREENSHOTS = join(import.meta.dirname, '../../test-output/journey');
const COMPACT_JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;
/** The vendors whose IdP revokes access tokens (RFC 7009); elsewhere they live until `exp`. */
const REVOKING = ['keycloak', 'okta'];

const vendors = demoVendors();
const idps: LocalIdp[] = [];
/** Every body the page received from the demo server. */
const received: string[] = [];
let server: JourneyServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does`,
    );
  }
  server = await startJourneyServer({
    startIdp: async (vendor, options) => {
      const idp = await startLocalIdp({ vendor, ...options });
      idps.push(idp);
      return idp;
    },
  });
  userDataDir = mkdtempSync(join(tmpdir(), 'dual-auth-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timeout: STEP_WAIT_MS,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_WAIT_MS);
  page.on('response', async (response) => {
    received.push(await response.text().catch(() => ''));
  });
  await page.goto(server.url);
  await page.locator('body[data-ready="true"]').waitFor();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

/** Clicks the step's button and waits until the page shows its answer. */
async function click(stepId: string) {
  const item = page.locator(`li[data-step="${stepId}"]`);
  await item.locator('button').click();
  await page
    .locator(`li[data-step="${stepId}"]:is([data-state="done"], [data-state="error"])`)
    .waitFor();
  const state = await item.getAttribute('data-state');
  expect(state, `${stepId}: ${await item.locator('.result').textContent()}`).toBe('done');
  return item;
}

/** Where the page says the agent and the human sit in the token named `label` of a step. */
async function whoSits(stepId: string, label: string) {
  const token = page.locator(`li[data-step="${stepId}"] section[data-token="${label}"]`);
  return {
    agent: await token.locator('.who li.agent').textContent(),
    human: await token.locator('.who li.human').textContent(),
  };
}

/** `<id> → <claims>` on the page, one of the claims being `claim` (e.g. `alice-id → sub, azp`). */
function sitsIn(id: string | null, claim: string): RegExp {
  const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${quote(id ?? '')} → ([\\w.]+, )*${quote(claim)}(,|;|$)`);
}

async function walk(vendor: string, mode: JourneyMode) {
  await page.selectOption('#vendor', vendor);
  await page.check(`input[name="mode"][value="${mode}"]`);
  const shown = await page
    .locator('li[data-step]')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.step));
  expect(shown).toEqual(JOURNEY_STEPS[mode].map((step) => step.id));

  const signIn = await click('sign-in');
  const userId = await signIn.locator('tr', { hasText: 'userId' }).locator('td').textContent();
  expect(userId).toMatch(/\S/);
  await click('extract-act');
  await expect(
    page.locator('li[data-step="extract-act"] .result').textContent(),
  ).resolves.toContain(userId);

  if (mode === 'recipe') {
    await click('act-jwt');
    expect((await whoSits('act-jwt', 'act JWT')).human).toMatch(sitsIn(userId, 'act.sub'));
    await expect(
      page.locator('li[data-step="act-jwt"] tr', { hasText: 'signature' }).textContent(),
    ).resolves.toContain('‹elided›');
    const verify = await click('verify');
    await expect(verify.textContent()).resolves.toContain(`Verified: the agent acts for ${userId}`);
  }

  const token = await click('token');
  // The token request went to the IdP with its credentials elided.
  const form = await token.locator('section.request').first().textContent();
  expect(form).toContain('grant_type');
  expect(form).toContain('‹elided›');
  const tokens = await token
    .locator('section[data-token]')
    .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-token')));
  expect(tokens[0]).toBe('access token');
  const access = await whoSits('token', 'access token');
  expect(access.agent).toMatch(/^agent \S+ → /);
  if (mode === 'exchange') {
    // RFC 8693: the human is the subject; the agent is where the IdP marks the actor (`act.sub`,
    // or Entra's `azp`/`appid`), which the agent line above already found. Entra names the user
    // by `oid` there: the token's `sub` is the API's own id of her (pairwise), not the UPN.
    if (vendor === 'entraid') {
      const oid = await signIn.locator('tr', { hasText: 'userOid' }).locator('td').textContent();
      expect(access.human).toMatch(sitsIn(oid, 'oid'));
    } else {
      expect(access.human).toMatch(sitsIn(userId, 'sub'));
    }
  } else if (tokens.length === 2) {
    // Entra ID: the human travels in the app-signed act assertion beside the token.
    const assertion = await whoSits('token', tokens[1] ?? '');
    expect(assertion.human).toMatch(sitsIn(userId, 'act.sub'));
  } else {
    expect(access.human).toMatch(sitsIn(userId, 'act.sub'));
  }

  const call = await click('api-call');
  await expect(call.locator('.decision').textContent()).resolves.toBe(
    'The API decided: ALLOW (200)',
  );
  if (mode === 'recipe') await introspect(userId, tokens.length === 2);

  const matrix = await click('matrix');
  const rows = await matrix
    .locator('table.matrix tr[data-row]')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-row'),
        tr.querySelector('.actual')?.textContent,
        tr.lastElementChild?.textContent,
      ]),
    );
  expect(rows).toEqual([
    ['finance-agent/alice', 'ALLOW', '✓'],
    ['finance-agent/bob', 'DENY', '✓'],
    ['intern-agent/alice', 'DENY', '✓'],
    ['intern-agent/bob', 'DENY', '✓'],
  ]);
  await endDelegation(vendor, mode, userId);
  await page.screenshot({ path: join(SCREENSHOTS, `${vendor}-${mode}.png`), fullPage: true });
}

/** The value the page shows in the row `name` of the table inside `scope`. */
async function rowValue(scope: Locator, name: string) {
  return scope
    .locator('tr', { has: page.locator(`th:text-is("${name}")`) })
    .locator('td')
    .textContent();
}

/** The opaque-token API reads alice's token at the IdP's introspection endpoint and allows. */
async function introspect(userId: string | null, humanInAssertion: boolean) {
  const step = await click('introspect');
  await expect(step.locator('.decision').textContent()).resolves.toBe(
    'The API decided: ALLOW (200)',
  );
  await expect(rowValue(step, 'access token')).resolves.toMatch(
    /^‹elided› \(opaque, \d+ characters\)$/,
  );
  await expect(rowValue(step, 'human')).resolves.toBe(userId);
  const answer = step.locator('section[data-introspection="introspection answer"]');
  await expect(rowValue(answer, 'active')).resolves.toBe('true');
  await expect(answer.locator('.who li.agent').textContent()).resolves.toMatch(/^agent \S+ → /);
  if (!humanInAssertion) {
    // Entra ID's human travels in the act assertion beside the token, not in the answer.
    await expect(answer.locator('.who li.human').textContent()).resolves.toMatch(
      sitsIn(userId, 'act.sub'),
    );
  }
}

/**
 * Alice logs out: her token is revoked at the IdP where the vendor can, else "not supported" with
 * its expiry; the same token is then refused while carol's is still allowed. In the recipe, the
 * IdP's introspection then says whether the token is still active there. The exchange mode's
 * tokens are JWTs the local IdP does not revoke (`unsupported_token_type` at the Keycloak preset's
 * endpoint, no endpoint set for the others): the cut-off refuses them.
 */
async function endDelegation(vendor: string, mode: JourneyMode, userId: string | null) {
  const revoking = mode === 'recipe' && REVOKING.includes(vendor);
  const adapter = mode === 'recipe' ? vendor : 'oauth';
  const step = await click('end-delegation');
  const revocations = await step
    .locator('tr[data-revocation]')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-revocation'), tr.lastElementChild?.textContent]),
    );
  expect(revocations).toHaveLength(1);
  const [status, detail] = revocations[0] ?? [];
  if (revoking) {
    expect(status).toBe('revoked');
    expect(detail).toMatch(/^at https:\/\/127\.0\.0\.1:\d+\/.*revoke$/);
  } else {
    expect(status).toBe('not-supported');
    expect(detail).toMatch(
      new RegExp(`^${adapter} does not revoke access tokens .*; the token expires at \\d{4}-`),
    );
  }
  const calls = await step
    .locator('table.calls tr[data-call]')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-call'),
        tr.querySelector('.decision')?.textContent,
        tr.querySelector('.status')?.textContent,
        tr.querySelector('.reason')?.textContent,
      ]),
    );
  expect(calls).toEqual([
    // The cut-off refuses it; past the API's introspection cache a revoked token reads inactive.
    [
      `${userId}, after the logout`,
      'DENY',
      '401',
      expect.stringMatching(/^access_token\.(revoked|inactive)$/),
    ],
    [expect.stringMatching(/^carol \(/), 'ALLOW', '200', 'authorized'],
  ]);
  const idpAnswer = step.locator('section[data-introspection^="the IdP’s answer now"]');
  if (mode === 'exchange') {
    await expect(idpAnswer.count()).resolves.toBe(0);
    return;
  }
  await expect(rowValue(idpAnswer, 'active')).resolves.toBe(revoking ? 'false' : 'true');
}

describe('pnpm demo --ui in a real headless Chromium', () => {
  it('offers every adapter package of the workspace', async () => {
    const offered = await page
      .locator('#vendor option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(offered).toEqual(vendors);
    expect(offered).toContain('oauth');
  });

  for (const vendor of vendors) {
    it(`walks ${vendor}: the dual-auth recipe, then the IdP's own delegation (RFC 8693)`, async () => {
      await walk(vendor, 'recipe');
      await walk(vendor, 'exchange');
    }, 900_000);
  }

  it('never sent the page a compact token, an opaque token, a secret, a private key or an email', () => {
    expect(idps.length).toBeGreaterThan(0);
    const everything = received.join('\n');
    expect(everything).toContain('‹elided›');
    expect(everything).not.toMatch(COMPACT_JWT);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(idps.filter((idp) => idp.tokens.length > 0)).toHaveLength(vendors.length);
    for (const idp of idps) {
      for (const agent of idp.agents.values()) expect(everything).not.toContain(agent.clientSecret);
      expect(everything).not.toContain(idp.apiClient.clientSecret);
      for (const token of idp.tokens) expect(everything).not.toContain(token.tokenId);
      for (const human of idp.humans.values()) {
        if (human.email !== undefined) expect(everything).not.toContain(human.email);
      }
    }
  });
});
