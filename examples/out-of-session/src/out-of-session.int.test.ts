import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HybridSender, UserSession } from '@dual-auth/session';
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

// Four processes over HTTPS: the local IdP, the finance API, the agent service and the web app.
describe('out-of-session example', () => {
  let dir: string;
  let idp: LocalIdpProcess;
  const processes: SourceProcess[] = [];
  let webUrl: string;
  let agentUrl: string;
  let trustingFetch: typeof fetch;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'out-of-session-'));
    idp = await startLocalIdpProcess(dir);
    const [apiPort, agentPort, webPort] = [await freePort(), await freePort(), await freePort()];
    agentUrl = `https://127.0.0.1:${agentPort}/invoke`;
    const urls = {
      FINANCE_API_URL: `https://127.0.0.1:${apiPort}/api/balance`,
      AGENT_URL: agentUrl,
    };
    for (const [name, entry, port] of [
      ['finance-api', FINANCE_API, apiPort],
      ['agent service', join(import.meta.dirname, 'agent-main.ts'), agentPort],
      ['out-of-session web app', join(import.meta.dirname, 'web-app-main.ts'), webPort],
    ] as const) {
      processes.push(
        await startExampleProcess({
          name,
          entry,
          cwd: dir,
          idp,
          extraEnv: { ...urls, PORT: String(port) },
        }),
      );
    }
    webUrl = `https://127.0.0.1:${webPort}`;
    trustingFetch = createTrustingFetch(await readFile(idp.env.NODE_EXTRA_CA_CERTS ?? '', 'utf8'));
  });
  afterAll(async () => {
    for (const child of processes.reverse()) await child.stop();
    await idp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const balanceAs = (username: string) => balanceThroughWebApp(trustingFetch, webUrl, username);

  function postActJwt(actJwt: string) {
    return trustingFetch(agentUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ act_jwt: actJwt }),
    });
  }

  it('web app → signed act JWT → agent service → API: ALLOW for an authorized human', async () => {
    const response = await balanceAs('alice');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      balance: 1234.56,
      agent: 'finance-agent',
      human: idp.env.HUMAN_ALICE_SUB,
    });
  });

  it('the API refuses the agent acting for a human without FinanceUser', async () => {
    const response = await balanceAs('bob');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ failed_side: 'human' });
  });

  it('the agent service takes an act JWT once, and only one signed for its own URL', async () => {
    const sender = new HybridSender({ privateKey: idp.env.APP_PRIVATE_KEY });
    const act = sender.extractActFromSession(
      new UserSession({ userId: idp.env.HUMAN_ALICE_SUB ?? '' }),
    );
    const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: agentUrl });
    expect((await postActJwt(actJwt)).status).toBe(200);
    const replayed = await postActJwt(actJwt);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toEqual({ error: 'invalid_act_jwt', reason: 'replayed' });
    const elsewhere = await sender.prepareOutOfSessionAct({
      act,
      agentEndpoint: 'https://other-agent.example.com/invoke',
    });
    const moved = await postActJwt(elsewhere);
    expect(moved.status).toBe(400);
    expect(await moved.json()).toEqual({ error: 'invalid_act_jwt', reason: 'wrong_audience' });
  });
});
