import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSourceProcess } from '../../../../tools/child-process-kit.ts';

const MODULE = pathToFileURL(join(import.meta.dirname, 'load-local-idp-profile.ts')).href;

// Run by Node itself, not vitest: Node names a missing package without the subpath asked for
// ("Cannot find package '@dual-auth/adapter-entraid' imported from …"), vitest with it.
async function loadInNode(vendor: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'load-idp-profile-'));
  try {
    const entry = join(dir, 'entry.ts');
    await writeFile(
      entry,
      `import { loadLocalIdpProfile } from ${JSON.stringify(MODULE)};\n` +
        `try { console.log('result loaded', (await loadLocalIdpProfile(${JSON.stringify(vendor)})).vendor); }\n` +
        `catch (error) { console.log('result ' + error.name + ': ' + error.message); }\n`,
    );
    const loader = await startSourceProcess({ entry, cwd: dir, ready: 'result' });
    await loader.exited;
    return loader.output().trim();
  } finally {
    await rm(dir, { recursive: true });
  }
}

describe('loadLocalIdpProfile under Node', () => {
  it('loads the profile an adapter package exports from its /testing subpath', async () => {
    expect(await loadInNode('keycloak')).toBe('result loaded keycloak');
  }, 60_000);

  it('refuses a vendor whose package is not installed, saying what to install', async () => {
    expect(await loadInNode('nosuchvendor')).toBe(
      'result TypeError: startLocalIdp: no local IdP profile for nosuchvendor: install @dual-auth/adapter-nosuchvendor (its /testing subpath exports it) or pass the profile as vendor',
    );
  }, 60_000);
});
