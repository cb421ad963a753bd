import { ActJwtVerifier, HybridSender, UserSession } from '@dual-auth/session';
import { generateKeyPair } from 'jose';
import { rssMiB } from './percentile.js';

/** What {@link loadActJwts} takes. */
export interface ActJwtLoadOptions {
  /** Act JWTs per second asked for. */
  rate: number;
  seconds: number;
}

const AUDIENCE = 'https://agent.example.com/invoke';
const TICK_MS = 20;

/**
 * A steady stream of fresh act JWTs (default 60 s lifetime, a new `jti` each) through ONE
 * ActJwtVerifier with its default replay store, paced to `rate` per second: at 5 000/s the store
 * holds ~300 000 live `jti`s, three times its default size, so it must make room by forgetting
 * the entries that expire first, never by refusing a valid token. The web app's signing runs in the
 * same process (EdDSA, the cheapest to sign), so on a busy machine the achieved rate may fall short
 * of the asked one; it is printed beside it.
 */
export async function loadActJwts(
  options: ActJwtLoadOptions,
  write: (line: string) => void,
): Promise<{ refused: number }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA');
  const sender = new HybridSender({ privateKey, algorithm: 'EdDSA' });
  const verifier = new ActJwtVerifier({ publicKey, expectedAudience: AUDIENCE });
  const act = sender.extractActFromSession(new UserSession({ userId: crypto.randomUUID() }));
  const refusals = new Map<string, number>();
  let accepted = 0;
  const one = async () => {
    const token = await sender.prepareOutOfSessionAct({ act, agentEndpoint: AUDIENCE });
    try {
      await verifier.verify(token);
      accepted += 1;
    } catch (error) {
      const why = (error as { reason?: string }).reason ?? (error as Error).name;
      refusals.set(why, (refusals.get(why) ?? 0) + 1);
    }
  };
  const rssStart = rssMiB();
  write(
    `act JWTs: ${options.rate}/s asked for ${options.seconds} s through one ActJwtVerifier (default replay store), EdDSA`,
  );
  const started = performance.now();
  let sent = 0;
  let lastReport = 0;
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= options.seconds) break;
    const due = Math.floor(elapsed * options.rate) - sent;
    // At most one tick's worth at once, so a slow tick does not turn into one long burst.
    const batch = Math.min(due, Math.ceil((options.rate * TICK_MS) / 1000));
    sent += batch;
    await Promise.all(Array.from({ length: batch }, one));
    if (elapsed - lastReport >= 10) {
      lastReport = elapsed;
      write(
        `  ${elapsed.toFixed(0).padStart(3)} s  ${sent} sent, ${(sent / elapsed).toFixed(0)}/s so far, ${accepted} accepted, RSS ${rssMiB()} MiB`,
      );
    }
    if (batch < 1) await new Promise((resolve) => setTimeout(resolve, TICK_MS / 2));
  }
  const seconds = (performance.now() - started) / 1000;
  const refused = [...refusals.values()].reduce((sum, n) => sum + n, 0);
  write(
    `  achieved        ${(sent / seconds).toFixed(0)} act JWTs/s (${sent} in ${seconds.toFixed(1)} s; asked ${options.rate}/s)`,
  );
  write(`  accepted        ${accepted}`);
  write(
    `  refused         ${refused}${refused ? ` (${[...refusals].map(([why, n]) => `${why}: ${n}`).join(', ')})` : ''}`,
  );
  write(`  RSS             ${rssStart} MiB at start, ${rssMiB()} MiB at end`);
  return { refused };
}
