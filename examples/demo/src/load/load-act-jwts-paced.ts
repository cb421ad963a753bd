import { generateKeyPairSync } from 'node:crypto';
import { ActJwtVerifier, HybridSender, UserSession } from '@dual-auth/session';
import type { ActJwtLoadOptions } from './load-act-jwts.js';
import { rssMiB } from './percentile.js';

const AUDIENCE = 'https://agent.example.com/invoke';

/**
 * The act-JWT stream of {@link loadActJwts} on a paced clock instead of the wall clock: the
 * signer's and the verifier's clock (and so the default replay store's) advance 1/rate s per
 * token, so the store sees exactly `rate` × `seconds` tokens arriving at `rate` per second with
 * 60 s lifetimes, however slow the machine is. It shows the store's behaviour at that rate (never
 * a refusal of a valid token once full), not the machine's speed.
 */
export async function loadActJwtsOnPacedClock(
  options: ActJwtLoadOptions,
  write: (line: string) => void,
): Promise<{ refused: number }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  let now = Date.now();
  const clock = { now: () => now };
  const sender = new HybridSender({ privateKey, algorithm: 'EdDSA', clock });
  const verifier = new ActJwtVerifier({ publicKey, expectedAudience: AUDIENCE, clock });
  const act = sender.extractActFromSession(new UserSession({ userId: crypto.randomUUID() }));
  const total = options.rate * options.seconds;
  const refusals = new Map<string, number>();
  const rssStart = rssMiB();
  write(
    `act JWTs on a paced clock: ${total} at ${options.rate}/s of clock time (${options.seconds} s) through one ActJwtVerifier (default replay store), EdDSA`,
  );
  const started = performance.now();
  for (let sent = 1; sent <= total; sent += 1) {
    now += 1000 / options.rate;
    const token = await sender.prepareOutOfSessionAct({ act, agentEndpoint: AUDIENCE });
    try {
      await verifier.verify(token);
    } catch (error) {
      const why = (error as { reason?: string }).reason ?? (error as Error).name;
      refusals.set(why, (refusals.get(why) ?? 0) + 1);
    }
    if (sent % (options.rate * 10) === 0) {
      write(`  ${sent / options.rate} s of clock time: ${sent} verified, RSS ${rssMiB()} MiB`);
    }
  }
  const refused = [...refusals.values()].reduce((sum, n) => sum + n, 0);
  write(`  wall time       ${((performance.now() - started) / 1000).toFixed(1)} s`);
  write(`  accepted        ${total - refused}`);
  write(
    `  refused         ${refused}${refused ? ` (${[...refusals].map(([why, n]) => `${why}: ${n}`).join(', ')})` : ''}`,
  );
  write(`  RSS             ${rssStart} MiB at start, ${rssMiB()} MiB at end`);
  return { refused };
}
