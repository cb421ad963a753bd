// Proves the release policy of `tools/version-packages.mjs` as a user meets it: in a scratch copy of
// the workspace, packs every package as it is now (the previous release), runs
// `pnpm version-packages`, packs the results and, for every released plugin that `npm update` would
// offer (its new version is within `^<its previous version>`), installs it with npm next to the
// `@dual-auth/*` peers that `npm update` would pick: the previous version, or the new one where it is
// within the user's `^<previous>` range too. npm refuses a peer it cannot satisfy (ERESOLVE).
//
// Scenarios: the pending changesets of this checkout, and two fixed ones that must keep holding
// whatever is pending: a core minor with a client patch (the case that used to publish plugin
// patches demanding core ^0.2.0), and a plugin patch alone (it must stay a patch and install next
// to the previous core). Third-party dependencies come from npm's cache or the registry.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { versionPackages } from './version-packages.mjs';

const root = join(import.meta.dirname, '..');
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the package manager that runs this script
const pnpm = process.env.npm_execpath ?? 'pnpm';

const SCENARIOS = [
  { name: 'pending changesets', changesets: null },
  {
    name: 'core minor + client patch',
    changesets: {
      'core-minor.md': '---\n"@dual-auth/core": minor\n---\n\nA new core export.\n',
      'client-patch.md': '---\n"@dual-auth/client": patch\n---\n\nUses the new core export.\n',
    },
  },
  {
    name: 'plugin patch alone',
    changesets: {
      'okta-patch.md': '---\n"@dual-auth/adapter-okta": patch\n---\n\nA fix in the adapter.\n',
    },
  },
];

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The workspace as a changesets run sees it: manifests, sources, changesets; no build output. */
function copyWorkspace(dir) {
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'LICENSE']) {
    cpSync(join(root, file), join(dir, file));
  }
  cpSync(join(root, '.changeset'), join(dir, '.changeset'), { recursive: true });
  // No CHANGELOG in the copy: for its commit hashes, `changeset version` runs one
  // `git log --follow` per changeset, all at once (1134 processes for the pending ones on
  // 2026-12-06), each failing in this copy, which is no git repository. They took 70 of the 72 s
  // `changeset version` spent here (load 17); the versions and ranges this check proves come from
  // the release plan, not from the CHANGELOG.
  const config = JSON.parse(readFileSync(join(dir, '.changeset', 'config.json'), 'utf8'));
  writeFileSync(
    join(dir, '.changeset', 'config.json'),
    JSON.stringify({ ...config, changelog: false }),
  );
  for (const group of ['packages', 'examples']) {
    cpSync(join(root, group), join(dir, group), {
      recursive: true,
      // Nor the build output, nor the local IdP's env file, CA and keys (`pnpm idp`) while it runs.
      filter: (path) => !/\/(node_modules|dist|\.turbo|\.dual-auth-idp|\.env)$/.test(path),
    });
  }
}

function publicManifests(dir) {
  return readdirSync(join(dir, 'packages'))
    .map((name) => ({
      dir: join(dir, 'packages', name),
      manifest: JSON.parse(readFileSync(join(dir, 'packages', name, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => !manifest.private);
}

/** Packs every public package of `dir` into `out`; returns name → { version, tarball, manifest }. */
function packAll(dir, out) {
  mkdirSync(out, { recursive: true });
  const packed = new Map();
  for (const { dir: pkgDir, manifest } of publicManifests(dir)) {
    const { filename } = JSON.parse(
      run(pnpm, ['pack', '--pack-destination', out, '--json'], pkgDir),
    );
    packed.set(manifest.name, { version: manifest.version, tarball: filename, manifest });
  }
  return packed;
}

function scenario({ name, changesets }, work) {
  const dir = join(work, 'repo');
  mkdirSync(dir);
  copyWorkspace(dir);
  if (changesets) {
    for (const file of readdirSync(join(dir, '.changeset'))) {
      if (file.endsWith('.md') && file !== 'README.md') rmSync(join(dir, '.changeset', file));
    }
    for (const [file, text] of Object.entries(changesets)) {
      writeFileSync(join(dir, '.changeset', file), text);
    }
  }
  return { dir, name };
}

/**
 * The packages as they are now (the previous release), packed from the first scenario's copy and
 * kept in `shared`: every scenario starts from the same manifests and files (the changesets it
 * changes are not packed).
 */
let previousRelease;

async function check(definition, work, shared) {
  const { dir, name } = scenario(definition, work);
  previousRelease ??= packAll(dir, join(shared, 'previous'));
  const previous = previousRelease;
  const policy = await versionPackages(dir);
  const next = packAll(dir, join(work, 'next'));
  const problems = [];
  const offered = [];
  for (const [pkg, now] of next) {
    const before = previous.get(pkg);
    if (now.version === before.version) continue;
    const peers = Object.keys(now.manifest.peerDependencies ?? {}).filter((peer) =>
      peer.startsWith('@dual-auth/'),
    );
    if (peers.length === 0 || !semver.satisfies(now.version, `^${before.version}`)) continue;
    offered.push(`${pkg}@${now.version}`);
    // What `npm update` picks for each peer the user has at its previous version.
    const picked = peers.map((peer) => {
      const old = previous.get(peer);
      const fresh = next.get(peer);
      return semver.satisfies(fresh.version, `^${old.version}`) ? fresh.tarball : old.tarball;
    });
    const user = join(work, `user-${pkg.replace(/\W/g, '-')}`);
    mkdirSync(user);
    writeFileSync(join(user, 'package.json'), JSON.stringify({ name: 'user', private: true }));
    try {
      run(
        'npm',
        [
          'install',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          '--loglevel=error',
          ...picked,
          now.tarball,
        ],
        user,
      );
    } catch (error) {
      problems.push(
        `${pkg}@${now.version} (offered by npm update to users of ${before.version}) does not install next to ${peers
          .map((peer) => `${peer}@${previous.get(peer).version}`)
          .join(', ')}:\n${String(error.stderr)
          .split('\n')
          .filter((line) => /ERESOLVE|peer|Found/.test(line))
          .slice(0, 6)
          .join('\n')}`,
      );
    }
  }
  const versions = [...next]
    .filter(([pkg, now]) => now.version !== previous.get(pkg).version)
    .map(
      ([pkg, now]) =>
        `${pkg.replace('@dual-auth/', '')} ${previous.get(pkg).version}→${now.version}`,
    );
  return { name, problems, offered, versions, policy };
}

const failures = [];
const shared = mkdtempSync(join(tmpdir(), 'dual-auth-release-previous-'));
try {
  for (const definition of SCENARIOS) {
    const work = mkdtempSync(join(tmpdir(), 'dual-auth-release-'));
    try {
      const result = await check(definition, work, shared);
      console.log(
        `${result.problems.length ? 'FAIL' : 'ok  '} ${result.name}: ${result.versions.join(', ') || 'nothing to release'}`,
      );
      console.log(
        result.offered.length > 0
          ? `     npm update offers ${result.offered.join(', ')}: each installed next to the peers it picks`
          : '     npm update offers no released plugin to users of the previous versions',
      );
      for (const problem of result.problems)
        console.error(`     ${problem.replaceAll('\n', '\n     ')}`);
      failures.push(...result.problems);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(shared, { recursive: true, force: true });
}
if (failures.length > 0) process.exit(1);
console.log(
  `release policy check: ${SCENARIOS.length} scenarios, no patch demands a newer minor of a peer`,
);
