import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrustingFetch } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balanceThroughWebApp,
  freePort,
  type LocalIdpProcess,
  type SourceProcess,
  startExampleProcess,
  startLocalIdpProcess,
} from '../../../tools/child-process-kit.ts';

const FINANCE_API = join(import.meta.dirname, '../../finance-api/src/serve-on-node.ts');

// Three processes over HTTPS: the local IdP, the finance API and the web app with its agent.
describe('in-session example', () => {
  let dir: string;
  let idp: LocalIdpProcess;
  let api: SourceProcess;
  let webApp: SourceProcess;
  let webUrl: string;
  let trustingFetch: typeof fetch;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'in-session-'));
    idp = await startLocalIdpProcess(dir);
    const [apiPort, webPort] = [await freePort(), await freePort()];
    api = await startExampleProcess({
      name: 'finance-api',
      entry: FINANCE_API,
      cwd: dir,
      idp,
      extraEnv: { PORT: String(apiPort) },
    });
    webApp = await startExampleProcess({
      name: 'in-session web app',
      entry: join(import.meta.dirname, 'main.ts'),
      cwd: dir,
      idp,
      extraEnv: {
        PORT: String(webPort),
        FINANCE_API_URL: `https://127.0.0.1:${apiPort}/api/balance`,
      },
    });
    webUrl = `https://127.0.0.1:${webPort}`;
    trustingFetch = createTrustingFetch(await readFile(idp.env.NODE_EXTRA_CA_CERTS ?? '', 'utf8'));
  });
  afterAll(async () => {
    await webApp?.stop();
    await api?.stop();
    await idp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const balanceAs = (username: string) => balanceThroughWebApp(trustingFetch, webUrl, username);

  it("the agent gets the human's balance when both are authorized", async () => {
    const response = await balanceAs('alice');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      balance: 1234.56,
      agent: 'finance-agent',
      human: idp.env.HUMAN_ALICE_SUB,
    });
  });

  it('the API refuses the same agent acting for a human without FinanceUser', async () => {
    const response = await balanceAs('bob');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ failed_side: 'human' });
  });

  it('nobody signed in: the agent is not called', async () => {
    const response = await trustingFetch(`${webUrl}/balance`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'not_signed_in' });
  });
});
