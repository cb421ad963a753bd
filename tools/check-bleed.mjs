// Bundles every package entry (and a typical consumer's import set) with esbuild and fails when a
// bundle carries code of a vendor or cloud it has no business with. A consumer installs only the
// vendor and cloud it uses; this keeps it that way.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

/** The plugin packages of the workspace, by their package.json `"dualAuth"` field: no list here. */
const plugins = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir,
    pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter(({ pkg }) => pkg.dualAuth !== undefined)
  .map(({ dir, pkg }) => ({
    dir,
    kind: pkg.dualAuth.kind,
    name: pkg.dualAuth.vendor ?? pkg.dualAuth.type,
  }));

/** Signatures of the cloud SDKs a secrets backend brings: third-party code, known by its strings. */
const SDK_SIGNATURES = {
  aws: [/@aws-sdk\//, /secretsmanager\./i, /X-Amz-Target/i],
  gcp: [/@google-cloud\//, /secretmanager\.googleapis/i, /google-gax/],
  azure: [/@azure\//, /vault\.azure\.net/i],
  vault: [/X-Vault-Token/i, /node-vault/],
};

/**
 * Strings that only code of one family contains: a vendor by its name as a code literal (Azure's
 * SDK talks to Entra ID for its own login, node-vault knows Vault's Okta auth method; neither
 * writes our vendor literals), a cloud store by its SDK's signatures.
 */
const FAMILIES = Object.fromEntries([
  ...plugins
    .filter((plugin) => plugin.kind === 'adapter')
    .map(({ name }) => [name, [new RegExp(`['"]${name}['"]`)]]),
  ...plugins
    .filter((plugin) => SDK_SIGNATURES[plugin.name] !== undefined)
    .map(({ name }) => [name, SDK_SIGNATURES[name]]),
]);

/** Which families each package may contain: a plugin its own; core and the rest none. */
const ALLOWED = {
  core: [],
  session: [],
  client: [],
  resource: [],
  mcp: [],
  // The CLI names no vendor: it asks each adapter plugin for its doctor advice.
  cli: [],
  ...Object.fromEntries(plugins.map(({ dir, name }) => [dir, [name]])),
};

async function bundle(entryContents, resolveDir, { bundleCore = false, peers = [] } = {}) {
  const result = await build({
    stdin: { contents: entryContents, resolveDir, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    // Node built-ins stay external, so a web entry that imports one is visible in the output.
    platform: 'node',
    conditions: ['@dual-auth/source'],
    // core is a peer dependency of every plugin: it is the one shared copy, not part of a plugin.
    // A package's other peers (the MCP SDK for @dual-auth/mcp) are the consumer's copy, not code
    // this package ships: they stay out, as they do of the size budgets.
    external: [
      ...(bundleCore
        ? []
        : ['@dual-auth/core', '@dual-auth/core/*', '@dual-auth/testing', '@dual-auth/testing/*']),
      ...peers.flatMap((peer) => [peer, `${peer}/*`]),
    ],
    logLevel: 'silent',
    treeShaking: true,
  });
  return result.outputFiles[0].text;
}

function offenders(code, allowed) {
  return Object.entries(FAMILIES)
    .filter(([family]) => !allowed.includes(family))
    .filter(([, patterns]) => patterns.some((pattern) => pattern.test(code)))
    .map(([family]) => family);
}

/** Packages that must run on any runtime with fetch and Web Crypto; only `/node`-style subpaths and
 * framework middlewares may use Node built-ins. */
const WEB_PACKAGES = [
  'core',
  ...plugins.filter((plugin) => plugin.kind === 'adapter').map((plugin) => plugin.dir),
  'session',
  'client',
  'resource',
  'mcp',
];
// `/testing` of an adapter is its local IdP profile, a Node test aid.
const NODE_SUBPATHS = /^\.\/(node|express|fastify|testing)$/;

const failures = [];
for (const dir of readdirSync(join(root, 'packages'))) {
  const allowed = ALLOWED[dir];
  if (!allowed) continue;
  const pkgDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const web = WEB_PACKAGES.includes(dir);
  for (const subpath of Object.keys(pkg.exports).filter((key) => key !== './package.json')) {
    const specifier = `${pkg.name}${subpath.slice(1)}`;
    const code = await bundle(`export * from '${specifier}';`, pkgDir, {
      bundleCore: dir === 'core',
      peers: Object.keys(pkg.peerDependencies ?? {}).filter(
        (peer) => !peer.startsWith('@dual-auth/'),
      ),
    });
    const found = offenders(code, allowed);
    if (web && !NODE_SUBPATHS.test(subpath) && /from\s*["']node:|import\(["']node:/.test(code)) {
      found.push('node: built-ins (a web-standard entry)');
    }
    console.log(
      `${found.length ? 'FAIL' : 'ok  '} ${specifier} (${(code.length / 1024).toFixed(1)} KiB)`,
    );
    if (found.length) failures.push(`${specifier} contains ${found.join(', ')} code`);
  }
}

// A Keycloak agent that calls an API: no cloud SDK may come along.
const consumer = ['adapter-keycloak', 'session', 'client'].map(
  (name) => `export * from '@dual-auth/${name}';`,
);
const consumerCode = await bundle(consumer.join('\n'), join(root, 'packages', 'client'));
const cloud = offenders(consumerCode, ['keycloak']);
console.log(
  `${cloud.length ? 'FAIL' : 'ok  '} adapter-keycloak + session + client (${(consumerCode.length / 1024).toFixed(1)} KiB)`,
);
if (cloud.length)
  failures.push(`adapter-keycloak + session + client contains ${cloud.join(', ')} code`);

// An API that imports one adapter's token profile: the adapter's token-request code stays out.
for (const [dir, profile] of [
  ['adapter-keycloak', 'keycloakTokenProfile'],
  ['adapter-auth0', 'auth0TokenProfile'],
  ['adapter-okta', 'oktaTokenProfile'],
  ['adapter-entraid', 'entraIdTokenProfile'],
  ['adapter-oauth', 'oauthTokenProfile'],
]) {
  const code = await bundle(
    `export { ${profile} } from '@dual-auth/${dir}';`,
    join(root, 'packages', 'resource'),
  );
  const pulled = /Adapter\b|requestToken|client_assertion/.test(code);
  console.log(
    `${pulled ? 'FAIL' : 'ok  '} ${profile} alone (${(code.length / 1024).toFixed(1)} KiB)`,
  );
  if (pulled) failures.push(`${profile} pulls @dual-auth/${dir}'s token-request code`);
}

if (failures.length) {
  console.error(`\nBleed check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('bleed check: 0 failures');
