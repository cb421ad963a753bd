// `pnpm version-packages`: `changeset version` under our release policy.
//
// Plugins take `@dual-auth/core` as a `workspace:^` peer, which `pnpm publish` turns into `^<core's
// new version>`. Changesets bumps a dependent whose range no longer admits core's new version only
// as a patch, so a core minor (0.1.0 → 0.2.0) would publish `adapter-okta@0.1.1` with the peer
// `^0.2.0`: `npm update` offers that patch to a user on core 0.1.x, and npm answers ERESOLVE.
// No changesets option changes the bump type of dependents (`updateInternalDependencies` and
// `onlyUpdatePeerDependentsWhenOutOfRange` only decide which ranges are rewritten, and pnpm rewrites
// `workspace:^` at pack time anyway), so this script adds the rule before running it:
//
//   a package released with a `@dual-auth/*` peer range that no longer intersects `^<the peer's
//   previous version>` is released as a breaking bump (minor in 0.x, major from 1.0).
//
// It writes one changeset per such package (the CHANGELOG says why), repeats until the plan is
// stable (a minor can cascade), then runs `changeset version`. `check-release-policy.mjs` proves it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { getReleasePlan } from '@changesets/get-release-plan';
import semver from 'semver';

const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

/** The range `pnpm publish` writes for a `workspace:` specifier of a package now at `version`. */
export function publishedRange(specifier, version) {
  const range = specifier.replace(/^workspace:/, '');
  if (range === '^' || range === '~') return `${range}${version}`;
  if (range === '*') return version;
  return range;
}

/** The bump that breaks compatibility for a package at `version`: minor in 0.x, major after. */
function breakingBump(version) {
  return semver.major(version) === 0 ? 'minor' : 'major';
}

/**
 * The manifest of each workspace package of `dir` (`packages/*`, `examples/*`), by name. A folder
 * without `package.json` is no package, as pnpm's globs see it: `examples/.dual-auth-idp/`, which
 * the local IdP (`pnpm idp`) writes while it runs.
 */
export function readManifests(dir) {
  const manifests = new Map();
  for (const group of ['packages', 'examples']) {
    let names = [];
    try {
      // Folders only: examples/README.md sits beside the example packages.
      names = readdirSync(join(dir, group), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(dir, group, name, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      manifests.set(manifest.name, manifest);
    }
  }
  return manifests;
}

/**
 * The releases of `plan` that must become breaking bumps, with the reason: each released public
 * package whose published peer range on another released `@dual-auth/*` package excludes every
 * version a user of that package's previous minor (0.x) or major has.
 */
export function escalations(plan, manifests) {
  const released = new Map(
    plan.releases.filter((r) => r.type !== 'none').map((release) => [release.name, release]),
  );
  const result = [];
  for (const release of released.values()) {
    const manifest = manifests.get(release.name);
    if (!manifest || manifest.private) continue;
    const needed = breakingBump(release.oldVersion);
    if (RANK[release.type] >= RANK[needed]) continue;
    const reasons = [];
    for (const [peer, specifier] of Object.entries(manifest.peerDependencies ?? {})) {
      const peerRelease = released.get(peer);
      if (!peerRelease || !specifier.startsWith('workspace:')) continue;
      const range = publishedRange(specifier, peerRelease.newVersion);
      if (!semver.intersects(range, `^${peerRelease.oldVersion}`)) {
        reasons.push({ peer, range, previous: peerRelease.oldVersion });
      }
    }
    if (reasons.length > 0) result.push({ name: release.name, type: needed, reasons });
  }
  return result;
}

function changesetText({ name, type, reasons }) {
  const why = reasons
    .map(({ peer, range, previous }) => `\`${peer}\` \`${range}\` (was \`^${previous}\`)`)
    .join(', ');
  return `---\n"${name}": ${type}\n---\n\nPeer dependency raised to ${why}: released as a ${type}, so \`npm update\` does not offer it to users of the previous ${type}.\n`;
}

/** Applies the policy to the changesets of `dir`, then runs `changeset version` there. */
export async function versionPackages(dir) {
  const manifests = readManifests(dir);
  const written = [];
  for (let round = 0; ; round += 1) {
    if (round > manifests.size) throw new Error('release policy: the plan does not settle');
    const plan = await getReleasePlan(dir);
    const pending = escalations(plan, manifests);
    if (pending.length === 0) break;
    for (const escalation of pending) {
      const file = join(
        dir,
        '.changeset',
        `release-policy-${escalation.name.replace(/^@/, '').replace('/', '-')}.md`,
      );
      writeFileSync(file, changesetText(escalation));
      written.push(`${escalation.name} → ${escalation.type}`);
    }
  }
  const bin = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');
  execFileSync(process.execPath, [bin, 'version'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return written;
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
  const written = await versionPackages(dir);
  for (const line of written) console.log(`release policy: ${line}`);
  console.log('changeset version: done');
}
