// wave32/newuser: with the local IdP running (`pnpm idp`, as the guide's first chapter says), the
// release-policy check crashed: `examples/.dual-auth-idp/` (the IdP's CA and keys, no package) was
// read as an example package, "ENOENT … examples/.dual-auth-idp/package.json".
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM tool without types
import { readManifests } from './version-packages.mjs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'version-packages-'));
  made.push(dir);
  for (const [group, name, pkg] of [
    ['packages', 'core', '@dual-auth/core'],
    ['examples', 'demo', '@dual-auth/example-demo'],
  ]) {
    mkdirSync(join(dir, group, name), { recursive: true });
    writeFileSync(join(dir, group, name, 'package.json'), JSON.stringify({ name: pkg }));
  }
  return dir;
}

it('reads the package of every workspace folder, skipping a folder without package.json', () => {
  const dir = workspace();
  mkdirSync(join(dir, 'examples', '.dual-auth-idp'));
  writeFileSync(join(dir, 'examples', '.dual-auth-idp', 'ca.pem'), 'not a package');
  const manifests: Map<string, unknown> = readManifests(dir);
  expect([...manifests.keys()].sort()).toEqual(['@dual-auth/core', '@dual-auth/example-demo']);
});
