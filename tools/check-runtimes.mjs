// Runs the dual-subject path INSIDE Bun, Deno and workerd (Cloudflare's Workers runtime), on the
// built packages as a consumer installs them: core, the Keycloak, Auth0, Okta, Entra ID and
// standards-based OAuth adapters, session, client, resource and mcp are packed with `pnpm pack`
// and installed (offline, from pnpm's store, with the MCP SDK and Hono) into a scratch project
// outside the workspace, beside tools/runtime-scenario.mjs.
// The runtimes are root devDependencies from the npm registry (`bun`, `deno`, `workerd`, each
// with its platform binary). This Node process starts the local IdPs of those five vendors from
// @dual-auth/testing over loopback TLS (one CA); each runtime trusts the CA by its own means (Bun:
// NODE_EXTRA_CA_CERTS, Deno: --cert, workerd: its network service's trustedCertificates) and may
// reach loopback only. Per vendor, each prints what the API answered: 200 for alice (with the
// agent and the human the API saw), 403 for bob (not a FinanceUser), 401 for a tampered
// signature, each after a signature check by Web Crypto (no node:crypto on these runtimes), and
// the same for alice and bob behind
// @dual-auth/resource/hono's middleware (Keycloak); and an MCP tool answers alice and refuses bob
// with 403. The agent refuses a replayed and an expired act JWT with a typed ActVerificationError
// (replayed, expired), and runWithAct keeps alice's and bob's runs apart across awaits. A
// DPoP-bound token (RFC 9449) is admitted after the API's nonce challenge, and a proof sent twice
// is refused (runtime-dpop-scenario.mjs). OutOfSessionApiCall retries a 503, renews the token
// after a 401 and throws bob's 403 as an ApiCallError (runtime-client-scenario.mjs). createAdapter reading the environment, where the agent's
// variables are not set (and Deno may not read them), refuses with a typed error naming the
// variable (on Deno: and the --allow-env flag). On Deno, run with --allow-net=127.0.0.1, a token
// request, an API call and a JWKS download to `localhost` quote Deno's refusal (the host and the
// --allow-net flag) instead of calling the host unreachable, and a token request whose custom fetch
// reads a file outside --allow-read names --allow-read (runtime-permission-scenario.mjs). In
// workerd, a second Worker on an older compatibility date and no flags: runWithAct refuses with
// an error naming the nodejs_compat flag.
// Every line the packages log meanwhile is checked too: no email, and Entra's UPN named by a Web
// Crypto `sha256:` digest (never `sha256:unavailable` past the synchronous `act_extracted`).
// Needs the packages built first (`pnpm build`; `pnpm test` builds before it runs this).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const run = promisify(execFile);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the package manager that runs this script
const pnpm = process.env.npm_execpath ?? 'pnpm';
const PACKAGES = [
  'core',
  'adapter-keycloak',
  'adapter-auth0',
  'adapter-okta',
  'adapter-entraid',
  'adapter-oauth',
  'session',
  'client',
  'resource',
  'mcp',
];
// Real I/O on 2 shared cores: a runtime's whole run is bounded, never timed.
const RUN_LIMIT_MS = 300_000;
// A Workers project's compatibility date without `process` (and so without
// process.getBuiltinModule) when no compatibility flag is set, as workerd 1.20261117.1 runs it.
const LEGACY_COMPATIBILITY_DATE = '2025-09-01';

for (const dir of [...PACKAGES, 'testing']) {
  if (!existsSync(join(root, 'packages', dir, 'dist'))) {
    console.error(`packages/${dir}/dist is missing: run \`pnpm build\` before this check.`);
    process.exit(1);
  }
}

// The root README names the versions this check runs (its "runs on" column rests on them): a bump
// of a runtime devDependency must update it.
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const unnamed = [
  ['Bun', 'bun'],
  ['Deno', 'deno'],
  ['workerd', 'workerd'],
]
  .map(([name, pkg]) => `${name} ${rootManifest.devDependencies[pkg]}`)
  .filter((named) => !readme.includes(named));
if (unnamed.length > 0) {
  console.error(
    `README.md does not name the runtime versions this check runs: add ${unnamed.join(', ')} to the note under its package table.`,
  );
  process.exit(1);
}

const binaries = {
  bun: join(require.resolve('bun/package.json'), '..', 'bin', 'bun.exe'),
  deno: require('deno/install_api.cjs').runInstall(),
  workerd: require('workerd').default,
};

/** Runs `command` to its end; rejects with its output when it fails. */
async function runToEnd(command, args, options) {
  try {
    return (await run(command, args, { encoding: 'utf8', timeout: RUN_LIMIT_MS, ...options }))
      .stdout;
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${error.stdout}${error.stderr}`);
  }
}

/** Packs the packages and installs the tarballs into `scratch` with the scenario files. */
async function installConsumer(scratch) {
  const tarballs = [];
  for (const dir of PACKAGES) {
    const out = await runToEnd(pnpm, ['pack', '--pack-destination', scratch, '--json'], {
      cwd: join(root, 'packages', dir),
    });
    tarballs.push(JSON.parse(out).filename);
  }
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
  );
  // The MCP SDK (an optional peer of @dual-auth/mcp) at the version the workspace tests with.
  const mcpManifest = JSON.parse(readFileSync(join(root, 'packages/mcp/package.json'), 'utf8'));
  const sdk = `@modelcontextprotocol/sdk@${mcpManifest.devDependencies['@modelcontextprotocol/sdk']}`;
  // Hono (an optional peer of @dual-auth/resource) at the version the workspace tests with.
  const resourceManifest = JSON.parse(
    readFileSync(join(root, 'packages/resource/package.json'), 'utf8'),
  );
  const hono = `hono@${resourceManifest.devDependencies.hono}`;
  await runToEnd(
    pnpm,
    ['add', '--offline', '--config.confirmModulesPurge=false', ...tarballs, sdk, hono],
    { cwd: scratch },
  );
  for (const file of [
    'runtime-scenario.mjs',
    'runtime-mcp-scenario.mjs',
    'runtime-dpop-scenario.mjs',
    'runtime-client-scenario.mjs',
    'runtime-permission-scenario.mjs',
    'runtime-host.mjs',
    'runtime-worker.mjs',
  ]) {
    copyFileSync(join(root, 'tools', file), join(scratch, file));
  }
}

function parseResult(output) {
  const line = output.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`no result line in:\n${output}`);
  }
}

async function onBun(scratch) {
  const out = await runToEnd(binaries.bun, ['runtime-host.mjs', 'input.json'], {
    cwd: scratch,
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: join(scratch, 'ca.pem') },
  });
  return parseResult(out);
}

async function onDeno(scratch) {
  const args = [
    'run',
    '--no-config',
    '--no-lock',
    '--node-modules-dir=manual',
    // runtime-mcp-scenario.mjs collects garbage before the MCP client closes: see docs/runtime-check.md.
    '--v8-flags=--expose-gc',
    // Deno.serve's request.signal as Node's and Bun's: aborted when the client goes away, not after
    // every answer sent (Deno's "legacy abort", whose deprecation warning the run printed; Deno
    // 2.9.6 has the flag: https://docs.deno.com/go/unstable-no-legacy-abort).
    '--unstable-no-legacy-abort',
    `--cert=${join(scratch, 'ca.pem')}`,
    '--allow-net=127.0.0.1',
    `--allow-read=${scratch}`,
    'runtime-host.mjs',
    'input.json',
  ];
  const out = await runToEnd(binaries.deno, args, {
    cwd: scratch,
    env: {
      PATH: process.env.PATH ?? '',
      DENO_DIR: join(scratch, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
    },
  });
  return parseResult(out);
}

async function onWorkerd(scratch) {
  // As wrangler bundles a Worker without nodejs_compat: Workers' conditions, no Node built-ins.
  // At workerd's own compatibility date nodejs_compat is on by default (since 2026-08-04), so
  // the `legacy` Worker runs the same bundle on an older date with no flags: no `process`.
  await build({
    entryPoints: [join(scratch, 'runtime-worker.mjs')],
    outfile: join(scratch, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'warning',
  });
  writeFileSync(
    join(scratch, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "legacy", worker = .legacy),
    (name = "loopback", network = (allow = ["local"], tlsOptions = (trustedCertificates = [embed "ca.pem"]))),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = (name = "main", entrypoint = "agent"))],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${require('workerd').compatibilityDate}",
  bindings = [
    (name = "INPUT", json = embed "input.json"),
    (name = "API", service = (name = "main", entrypoint = "api")),
    (name = "LEGACY", service = (name = "legacy", entrypoint = "context")),
    (name = "LEGACY_API", service = (name = "legacy", entrypoint = "api")),
  ],
  globalOutbound = "loopback",
);
const legacy :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${LEGACY_COMPATIBILITY_DATE}",
  bindings = [(name = "INPUT", json = embed "input.json")],
  globalOutbound = "loopback",
);
`,
  );
  // workerd tells the port it listens on through its control fd (3).
  const child = spawn(binaries.workerd, ['serve', 'config.capnp', '--control-fd=3'], {
    cwd: scratch,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    output += chunk;
  });
  const exited = once(child, 'exit');
  try {
    const port = await new Promise((resolve, reject) => {
      let control = '';
      child.stdio[3].setEncoding('utf8').on('data', (chunk) => {
        control += chunk;
        for (const line of control.split('\n')) {
          const event = line.trim() ? JSON.parse(line) : {};
          if (event.event === 'listen' && event.socket === 'http') resolve(event.port);
        }
      });
      exited.then(([code]) => reject(new Error(`workerd exited (${code}):\n${output}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/run`, {
      signal: AbortSignal.timeout(RUN_LIMIT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`workerd answered ${response.status}: ${text}\n${output}`);
    return parseResult(text);
  } finally {
    child.kill();
    await exited;
  }
}

// The agent the scenario requests every token for (the local IdPs' default agent).
const AGENT_ID = 'finance-agent';

/**
 * The agent's refusals of act JWTs and the act context (runtime-scenario.mjs's refuseActJwts and
 * actContextAcrossAwaits); returns the mismatches.
 */
function checkSession(result, keycloak) {
  const refusals = result.actJwtRefusals ?? {};
  const typed = (name, reason) => {
    const got = refusals[name] ?? {};
    return [
      `${got.name} ${got.code} ${got.reason} instanceof=${got.instanceOfActVerificationError} isInstance=${got.isInstance} tokenInMessage=${got.messageHoldsToken}`,
      `ActVerificationError ERR_ACT_VERIFICATION ${reason} instanceof=true isInstance=true tokenInMessage=false`,
    ];
  };
  const context = result.actContext ?? {};
  const want = {
    'a fresh act JWT is accepted': [refusals.first?.accepted, true],
    'the same act JWT again: replayed': typed('replayed', 'replayed'),
    'an act JWT past its exp: expired': typed('expired', 'expired'),
    "runWithAct: alice's run sees alice after a timer and after awaits": [
      JSON.stringify(context.alice),
      JSON.stringify([keycloak.alice, keycloak.alice]),
    ],
    "runWithAct: bob's run, interleaved, sees bob": [
      JSON.stringify(context.bob),
      JSON.stringify([keycloak.bob, keycloak.bob]),
    ],
    'currentAct outside a run: none': [context.outside, null],
  };
  return Object.entries(want)
    .filter(([, [got, expected]]) => got !== expected)
    .map(([what, [got]]) => `${what}: got ${JSON.stringify(got)}`);
}

/** What every runtime must have seen; returns the mismatches. */
function check(result, input, vendor) {
  const want = {
    'alice (FinanceUser) → 200': [result.allowed?.status, 200],
    'alice is the human the API saw': [result.allowed?.human, input.alice],
    'finance-agent is the agent the API saw': [result.allowed?.agent, AGENT_ID],
    'bob (no FinanceUser) → 403': [result.humanRefused?.status, 403],
    'bob refused on the human side': [result.humanRefused?.failedSide, 'human'],
    'tampered signature → 401': [result.tampered?.status, 401],
    'tampered token: invalid_token': [result.tampered?.error, 'invalid_token'],
  };
  // Keycloak's API behind @dual-auth/resource/hono too (runtime-scenario.mjs's HONO_PATH).
  if (vendor === 'keycloak') {
    want['hono: alice → 200'] = [result.honoAllowed?.status, 200];
    want['hono: alice is the human the API saw'] = [result.honoAllowed?.human, input.alice];
    want['hono: finance-agent is the agent the API saw'] = [result.honoAllowed?.agent, AGENT_ID];
    // runtime-client-scenario.mjs: OutOfSessionApiCall's retry after a 503, token renewal after
    // the 401, alice's 200, and bob's 403 as a typed ApiCallError.
    const outOfSession = result.outOfSession ?? {};
    want['out of session: 503, retried; 401, renewed; 200; bob 403'] = [
      JSON.stringify(outOfSession.statuses),
      JSON.stringify([503, 401, 200, 403]),
    ];
    want['out of session: the token provider asked again with forceRefresh after the 401'] = [
      JSON.stringify(outOfSession.getTokenCalls),
      JSON.stringify(['token', 'token', 'refresh']),
    ];
    want['out of session: alice is the human the API saw'] = [outOfSession.human, input.alice];
    want["out of session: bob's 403 is an ApiCallError (status)"] = [
      JSON.stringify(outOfSession.bobRefusal),
      JSON.stringify({ typed: true, reason: 'status', status: 403 }),
    ];
    want['hono: bob → 403 on the human side'] = [
      `${result.honoRefused?.status} ${result.honoRefused?.failedSide}`,
      '403 human',
    ];
  }
  // No node:crypto outside Node: the guard checked each token's signature with Web Crypto.
  for (const [name, answer] of Object.entries(result)) {
    if (typeof answer === 'object' && name !== 'outOfSession') {
      want[`${name}: Web Crypto verified the signature`] = [answer.webCryptoVerifies > 0, true];
    }
  }
  return Object.entries(want)
    .filter(([, [got, expected]]) => got !== expected)
    .map(([what, [got]]) => `${what}: got ${JSON.stringify(got)}`);
}

const started = performance.now();
const scratch = mkdtempSync(join(tmpdir(), 'dual-auth-runtimes-'));
const { createTestCa, startLocalIdp } = await import(join(root, 'packages/testing/dist/index.js'));
const profiles = {
  keycloak: (await import(join(root, 'packages/adapter-keycloak/dist/testing/index.js')))
    .keycloakLocalIdp,
  auth0: (await import(join(root, 'packages/adapter-auth0/dist/testing/index.js'))).auth0LocalIdp,
  okta: (await import(join(root, 'packages/adapter-okta/dist/testing/index.js'))).oktaLocalIdp,
  entraid: (await import(join(root, 'packages/adapter-entraid/dist/testing/index.js')))
    .entraIdLocalIdp,
  oauth: (await import(join(root, 'packages/adapter-oauth/dist/testing/index.js'))).oauthLocalIdp,
};
const idps = [];
let failures = 0;
try {
  const [ca] = await Promise.all([createTestCa(), installConsumer(scratch)]);
  const input = { vendors: {} };
  for (const [vendor, profile] of Object.entries(profiles)) {
    const idp = await startLocalIdp({ vendor: profile, ca });
    idps.push(idp);
    const humanOf = (name) => [...idp.humans.values()].find((h) => h.username === name);
    const human = (name) => humanOf(name).sub;
    input.vendors[vendor] = {
      env: idp.env(),
      issuer: idp.issuer,
      audience: idp.audience,
      jwksUrl: idp.jwksUrl,
      // humanIn matches a human by oid where the token shows one (Entra ID), else by sub.
      financeUsers: [human('alice'), humanOf('alice').oid].filter(Boolean),
      alice: human('alice'),
      bob: human('bob'),
      appPrivateKeyPem: idp.app.privateKeyPem,
      appPublicKeyPem: idp.app.publicKeyPem,
    };
  }
  // The agents' secrets and the app keys stay in the scratch directory, removed at the end.
  writeFileSync(join(scratch, 'input.json'), JSON.stringify(input), { mode: 0o600 });
  writeFileSync(join(scratch, 'ca.pem'), idps[0].caPem);
  const runs = { bun: onBun, deno: onDeno, workerd: onWorkerd };
  const settled = await Promise.allSettled(Object.values(runs).map((runOn) => runOn(scratch)));
  Object.keys(runs).forEach((runtime, i) => {
    const outcome = settled[i];
    for (const [vendor, expected] of Object.entries(input.vendors)) {
      const name = `${runtime} (${vendor})`;
      const problems =
        outcome.status === 'rejected'
          ? [String(outcome.reason?.message ?? outcome.reason)]
          : check(outcome.value[vendor] ?? {}, expected, vendor);
      if (problems.length > 0) {
        failures += 1;
        console.error(`FAIL ${name}:\n  ${problems.join('\n  ')}`);
        if (outcome.status === 'rejected') break;
        continue;
      }
      const { allowed, humanRefused, tampered, honoAllowed, honoRefused } = outcome.value[vendor];
      const viaHono =
        honoAllowed === undefined
          ? ''
          : `; behind Hono: alice ${honoAllowed.status}, bob ${honoRefused.status}; OutOfSessionApiCall: 503 retried, 401 renewed, 200, bob's 403 an ApiCallError`;
      console.log(
        `ok   ${name}: alice ${allowed.status} (agent and human both seen), bob ${humanRefused.status}, tampered ${tampered.status}; Web Crypto signature checks per API call: ${allowed.webCryptoVerifies}/${humanRefused.webCryptoVerifies}/${tampered.webCryptoVerifies}${viaHono}`,
      );
    }
    if (outcome.status === 'rejected') return;
    // Off Node the packages digest an email-shaped human with Web Crypto (docs/logging.md):
    // Entra's UPN must be logged as sha256:…, never as it is, nor as sha256:unavailable past the
    // synchronous act_extracted.
    const logs = outcome.value.logs ?? {};
    if (
      !(logs.lines > 0) ||
      logs.emails?.length !== 0 ||
      !(logs.digests > 0) ||
      logs.undigested?.length !== 0
    ) {
      failures += 1;
      console.error(`FAIL ${runtime} (logs): ${JSON.stringify(logs)}`);
    } else {
      console.log(
        `ok   ${runtime} (logs): ${logs.lines} lines, no email, ${logs.digests} human ids as Web Crypto sha256 digests`,
      );
    }
    const sessionProblems = checkSession(outcome.value, input.vendors.keycloak);
    if (sessionProblems.length > 0) {
      failures += 1;
      console.error(`FAIL ${runtime} (session):\n  ${sessionProblems.join('\n  ')}`);
    } else {
      console.log(
        `ok   ${runtime} (session): act JWT replayed and expired refused as ActVerificationError (replayed, expired); runWithAct kept alice and bob apart across timers and awaits`,
      );
    }
    // createAdapter reading the process environment, which holds no agent variables here (and
    // Deno runs without --allow-env): a typed error naming the variable and what to do.
    const fromEnv = outcome.value.configFromProcessEnv ?? {};
    if (
      fromEnv.typed !== true ||
      !(typeof fromEnv.variable === 'string' && fromEnv.variable.length > 0) ||
      (runtime === 'deno' && !String(fromEnv.message).includes('--allow-env')) ||
      (runtime === 'workerd' && !String(fromEnv.message).includes('createAdapter(undefined, { env'))
    ) {
      failures += 1;
      console.error(
        `FAIL ${runtime} (config from the environment): wanted a typed error naming the variable${runtime === 'deno' ? ' and --allow-env' : runtime === 'workerd' ? " and the Worker's env" : ''}, got ${JSON.stringify(fromEnv)}`,
      );
    } else {
      console.log(
        `ok   ${runtime} (config from the environment): ${fromEnv.name}: ${fromEnv.message}`,
      );
    }
    // Deno runs with --allow-net=127.0.0.1: a fetch of `localhost` is refused (NotCapable), and
    // each part must say so with the host and the flag, not as a network fault.
    if (runtime === 'deno') {
      const refused = outcome.value.netRefused ?? {};
      const said = `Requires net access to "${refused.host}", run again with the --allow-net flag`;
      const unsaid = ['token', 'api', 'jwks'].filter(
        (part) => !String(refused[part]).includes(said),
      );
      if (refused.host === undefined || unsaid.length > 0) {
        failures += 1;
        console.error(
          `FAIL deno (no --allow-net for the host): wanted '${said}' in what the token request, the API call and the JWKS download said, got ${JSON.stringify(refused)}`,
        );
      } else {
        console.log(`ok   deno (no --allow-net for the host): ${refused.token}; ${refused.api}`);
      }
      const read = String(refused.read);
      if (
        !read.includes('Deno refused read access') ||
        !read.endsWith('run Deno with --allow-read')
      ) {
        failures += 1;
        console.error(
          `FAIL deno (a custom fetch reading a file outside --allow-read): wanted "Deno refused read access … run Deno with --allow-read", got ${JSON.stringify(read)}`,
        );
      } else {
        console.log(`ok   deno (a custom fetch reading a file outside --allow-read): ${read}`);
      }
    }
    // An older Workers project (no compatibility flags, no `process`): the Keycloak API served
    // there answers as in the main Worker, and runWithAct says which flag brings AsyncLocalStorage.
    if (runtime === 'workerd') {
      const { keycloak = {}, runWithAct: refused = {} } = outcome.value.withoutCompat ?? {};
      const problems = check(keycloak, input.vendors.keycloak, 'keycloak');
      if (
        refused.name !== 'ConfigurationError' ||
        !String(refused.message).includes('nodejs_compat')
      ) {
        problems.push(
          `runWithAct: wanted a ConfigurationError naming the nodejs_compat flag, got ${JSON.stringify(refused)}`,
        );
      }
      if (problems.length > 0) {
        failures += 1;
        console.error(
          `FAIL workerd (compatibility date ${LEGACY_COMPATIBILITY_DATE}, no flags):\n  ${problems.join('\n  ')}`,
        );
      } else {
        console.log(
          `ok   workerd (compatibility date ${LEGACY_COMPATIBILITY_DATE}, no flags, no process): the Keycloak API answered alice ${keycloak.allowed.status}, bob ${keycloak.humanRefused.status}, tampered ${keycloak.tampered.status}, behind Hono ${keycloak.honoAllowed.status}/${keycloak.honoRefused.status}; runWithAct: ${refused.message}`,
        );
      }
    }
    const dpop = outcome.value.dpop ?? {};
    const dpopGot = JSON.stringify({
      tokenType: dpop.tokenType,
      answers: dpop.answers,
      human: dpop.human,
      agent: dpop.agent,
      replay: dpop.replay,
    });
    const dpopWanted = JSON.stringify({
      tokenType: 'DPoP',
      answers: [
        { status: 401, challenge: 'DPoP error="use_dpop_nonce"' },
        { status: 200, challenge: null },
      ],
      human: input.vendors.keycloak.alice,
      agent: AGENT_ID,
      replay: { status: 401, challenge: 'DPoP error="invalid_dpop_proof"' },
    });
    if (dpopGot !== dpopWanted) {
      failures += 1;
      console.error(`FAIL ${runtime} (DPoP): got ${dpopGot}\n  wanted ${dpopWanted}`);
    } else {
      console.log(
        `ok   ${runtime} (DPoP): a DPoP-bound token from the IdP; the API's use_dpop_nonce answered with a new proof, then 200 (agent and human both seen); the same proof again refused with invalid_dpop_proof`,
      );
    }
    const mcp = outcome.value.mcp ?? {};
    const refusal = mcp.bobRefusal ?? {};
    if (
      mcp.aliceAnswer !== input.vendors.keycloak.alice ||
      mcp.aliceOverStream !== input.vendors.keycloak.alice ||
      refusal.status !== 403 ||
      refusal.humanSide !== true
    ) {
      failures += 1;
      console.error(`FAIL ${runtime} (MCP): ${JSON.stringify(mcp)}`);
    } else {
      console.log(
        `ok   ${runtime} (MCP): whoami answered alice's id (also beside a standalone SSE stream), bob refused with 403 on the human side`,
      );
    }
  });
} finally {
  await Promise.all(idps.map((idp) => idp.close()));
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) process.exit(1);
console.log(
  `runtime check: the dual-subject path (${Object.keys(profiles).join(', ')}, MCP and DPoP) ran inside Bun, Deno and workerd in ${Math.round((performance.now() - started) / 1000)} s`,
);
