// Checks what every published package promises its consumers in its manifest:
// - runtime `dependencies` take caret ranges (`^x.y.z`), so a consumer gets the patches of jose, @noble/hashes
//   and the cloud SDKs and shares one copy with the rest of its tree; the lockfile pins what we test;
// - other `@dual-auth/*` packages are peers (`workspace:^`), never runtime dependencies (two copies
//   of core make "Adapter is not assignable to Adapter");
// - dev dependencies stay exact (`savePrefix: ""` in pnpm-workspace.yaml);
// - the Apache-2.0 text ships in the tarball: `LICENSE` listed in `files`, a byte copy of the root
//   `LICENSE`, which is the official text (https://www.apache.org/licenses/LICENSE-2.0.txt).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt as the ASF serves it. */
const APACHE_2_SHA256 = 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30';
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const CARET = /^\^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

const problems = [];
const license = readFileSync(join(root, 'LICENSE'));
const digest = createHash('sha256').update(license).digest('hex');
if (digest !== APACHE_2_SHA256) {
  problems.push(`LICENSE: not the official Apache-2.0 text (sha256 ${digest})`);
}

const packages = readdirSync(join(root, 'packages')).map((dir) => ({
  dir: join(root, 'packages', dir),
  manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
}));
let published = 0;
for (const { dir, manifest } of packages) {
  const name = manifest.name;
  for (const [dep, range] of Object.entries(manifest.devDependencies ?? {})) {
    if (!EXACT.test(range) && range !== 'workspace:^') {
      problems.push(`${name}: devDependencies.${dep} is "${range}"; dev tools are pinned exactly`);
    }
  }
  if (manifest.private) continue;
  published += 1;
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    if (dep.startsWith('@dual-auth/')) {
      problems.push(`${name}: ${dep} belongs in peerDependencies (workspace:^), not dependencies`);
    } else if (!CARET.test(range)) {
      problems.push(
        `${name}: dependencies.${dep} is "${range}"; runtime dependencies take a caret range ("^${range.replace(/^[~^]/, '')}")`,
      );
    }
  }
  for (const [dep, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (dep.startsWith('@dual-auth/') && range !== 'workspace:^') {
      problems.push(`${name}: peerDependencies.${dep} is "${range}"; use "workspace:^"`);
    }
  }
  const repository = 'git+https://github.com/dual-auth/dual-auth-js.git';
  if (
    manifest.repository?.url !== repository ||
    manifest.repository?.directory !== relative(root, dir)
  ) {
    problems.push(
      `${name}: repository must be { url: "${repository}", directory: "${relative(root, dir)}" } (npm provenance checks it)`,
    );
  }
  if (manifest.license !== 'Apache-2.0') {
    problems.push(`${name}: license is "${manifest.license}", not "Apache-2.0"`);
  }
  if (!manifest.files?.includes('LICENSE')) {
    problems.push(`${name}: "LICENSE" is missing from files`);
  }
  const copy = join(dir, 'LICENSE');
  if (!existsSync(copy)) {
    problems.push(`${name}: no LICENSE file (copy the root LICENSE)`);
  } else if (!readFileSync(copy).equals(license)) {
    problems.push(`${name}: LICENSE differs from the root LICENSE (copy it again)`);
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`FAIL ${problem}`);
  process.exit(1);
}
console.log(
  `manifest check: ${published} published packages ship LICENSE and caret runtime ranges`,
);
