import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';

/** A local Keycloak IdP (audience `finance-api`), its human alice's id, and a folder to run in. */
export interface KeycloakWorkspace {
  readonly idp: LocalIdp;
  /** alice's `sub`, the `--human` every check passes for. */
  readonly human: string;
  /** A fresh temporary folder, the CLI's working directory. */
  readonly dir: string;
  /** Stops the IdP and removes the folder. */
  close(): Promise<void>;
}

/** Starts a {@link KeycloakWorkspace}; `prefix` names its folder. */
export async function startKeycloakWorkspace(prefix: string): Promise<KeycloakWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const idp = await startLocalIdp({ vendor: 'keycloak', audience: 'finance-api' });
  const human = [...idp.humans.values()].find((h) => h.username === 'alice')?.sub ?? 'no alice';
  return {
    idp,
    human,
    dir,
    close: async () => {
      await idp.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
