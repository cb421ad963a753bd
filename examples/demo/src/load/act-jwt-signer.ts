// The web app of `pnpm load`'s act-JWT stream, in a worker thread so that its signing does not
// share the verifier's thread: given a count, it answers that many fresh act JWTs (new `jti`
// each, default 60 s lifetime) signed with the PEM key it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { HybridSender, UserSession } from '@dual-auth/session';

const { privateKeyPem, audience } = workerData as { privateKeyPem: string; audience: string };
const sender = new HybridSender({ privateKey: privateKeyPem, algorithm: 'EdDSA' });
const act = sender.extractActFromSession(new UserSession({ userId: crypto.randomUUID() }));

parentPort?.on('message', async (count: number) => {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) {
    tokens.push(await sender.prepareOutOfSessionAct({ act, agentEndpoint: audience }));
  }
  parentPort?.postMessage(tokens);
});
