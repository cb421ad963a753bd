import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AdapterPlugin } from '@dual-auth/core';
import { heldClock } from '@dual-auth/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// Session 36 (wave36/smalls): `doctor --plugin <module>` with a module whose top-level await never
// settles exited 13 (Node's "unsettled top-level await"), or hung while the module held a timer;
// an adapter whose requestToken never settles exited 13 too, and an async createAdapter failed as
// "adapter.requestToken is not a function". Each now ends with exit 2 and a message saying what.

const ROOT = resolve(import.meta.dirname, '../../..');
const NEVER = 'await new Promise(() => {});\nexport const never = 1;\n';
const ENV = {
  DUAL_AUTH_VENDOR: 'acme',
  ACME_TOKEN_URL: 'https://idp.example/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-shown',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-unsettled-plugin-'));
  await writeFile(join(dir, 'never.mjs'), NEVER);
  await writeFile(join(dir, 'never-held.mjs'), NEVER);
  await writeFile(join(dir, 'never-timer.mjs'), `setInterval(() => {}, 1000);\n${NEVER}`);
  const adapterPackage = join(dir, 'node_modules/@dual-auth/adapter-acme');
  await mkdir(adapterPackage, { recursive: true });
  await writeFile(
    join(adapterPackage, 'package.json'),
    '{"name":"@dual-auth/adapter-acme","type":"module","exports":"./index.js"}\n',
  );
  await writeFile(join(adapterPackage, 'index.js'), NEVER);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function acmePlugin(createAdapter: () => unknown): AdapterPlugin {
  return {
    kind: 'adapter',
    specificationVersion: 'v1',
    vendor: 'acme',
    settings: [
      { variable: 'ACME_TOKEN_URL', field: 'tokenUrl', kind: 'token-url' },
      { variable: 'AGENT_CLIENT_ID', field: 'clientId' },
      { variable: 'AGENT_CLIENT_SECRET', field: 'clientSecret', kind: 'secret' },
    ],
    createAdapter: createAdapter as AdapterPlugin['createAdapter'],
  };
}

/** `dual-auth <args>` as the bin runs it, in `dir`: its exit code and standard error. */
async function bin(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/node'),
    [join(ROOT, 'tools/run-source.mjs'), join(ROOT, 'packages/cli/src/bin.ts'), ...args],
    { cwd: dir, env: {} },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stderr };
}

it.each([
  ['never.mjs', 'a top-level await that never settles'],
  ['never-timer.mjs', 'the same, while the module holds a timer'],
])(
  'the bin with --plugin %s (%s) exits 2 saying which module did not load, not 13',
  async (file) => {
    const run = await bin([
      'doctor',
      '--human',
      'u-1',
      '--plugin-timeout-ms',
      '300',
      '--plugin',
      `./${file}`,
    ]);
    // Before: exit 13 and "Warning: Detected unsettled top-level await" (never-timer.mjs: no exit).
    expect(run.stderr).toContain(`./${file} did not finish loading within 300 ms`);
    expect(run.stderr).toContain('--plugin-timeout-ms');
    expect(run.stderr).not.toContain('unsettled top-level await');
    expect(run.code).toBe(EXIT.usage);
  },
  60_000,
);

it('the default bound is 10 s on the clock: a held clock moved past it ends the doctor', async () => {
  const clock = heldClock();
  const running = capturedRun(['doctor', '--human', 'u-1', '--plugin', './never-held.mjs'], dir, {
    clock,
  });
  while (clock.pendingTimers() === 0) await sleep(10);
  clock.advance(9_999);
  expect(clock.pendingTimers()).toBe(1);
  clock.advance(1);
  const { code, stderr } = await running;
  expect(stderr).toBe(
    'dual-auth: ./never-held.mjs did not finish loading within 10000 ms (a top-level await that never settles?): fix the module, or give --plugin-timeout-ms more milliseconds if it only loads slowly\n',
  );
  expect(code).toBe(EXIT.usage);
}, 30_000);

it('an adapter package loaded by name that never finishes loading is named, not "failed to load: ConfigurationError"', async () => {
  const clock = heldClock();
  const running = capturedRun(['doctor', '--human', 'u-1'], dir, { env: ENV, clock });
  while (clock.pendingTimers() === 0) await sleep(10);
  clock.advance(10_000);
  const { code, stderr } = await running;
  expect(stderr).toMatch(
    /^dual-auth: @dual-auth\/adapter-acme did not finish loading within 10000 ms/,
  );
  expect(code).toBe(EXIT.usage);
}, 30_000);

it('an adapter whose requestToken never settles ends --plugin-timeout-ms past --timeout-ms, naming the vendor', async () => {
  const plugin = acmePlugin(() => ({ requestToken: () => new Promise(() => {}) }));
  const { code, stderr } = await capturedRun(
    ['doctor', '--human', 'u-1', '--timeout-ms', '100', '--plugin-timeout-ms', '100'],
    dir,
    { env: ENV, plugins: [plugin] },
  );
  // Before: the doctor never answered (the bin exited 13).
  expect(stderr).toMatch(
    /^dual-auth: the acme adapter did not answer within --timeout-ms \(100 ms\) and 100 ms more: its requestToken ignores the totalTimeoutMs/,
  );
  expect(stderr).not.toContain('agent-secret-never-shown');
  expect(code).toBe(EXIT.usage);
}, 30_000);

it('an async createAdapter is refused by name', async () => {
  const plugin = acmePlugin(async () => ({ requestToken: async () => ({}) }));
  const { code, stderr } = await capturedRun(['doctor', '--human', 'u-1'], dir, {
    env: ENV,
    plugins: [plugin],
  });
  // Before: "dual-auth: adapter.requestToken is not a function".
  expect(stderr).toBe(
    "dual-auth: the acme adapter plugin's createAdapter returned a promise (createAdapter must return the adapter itself, not be async): fix the adapter plugin\n",
  );
  expect(code).toBe(EXIT.usage);
});
