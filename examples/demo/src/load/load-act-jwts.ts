import { generateKeyPairSync } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { ActJwtVerifier } from '@dual-auth/session';
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
 * the entries that expire first, never by refusing a valid token. The web app signs in a worker
 * thread (act-jwt-signer.ts, EdDSA) up to a second ahead; when it cannot keep up, the verifier
 * waits for it, and the achieved rate is printed beside the asked one.
 */
export async function loadActJwts(
  options: ActJwtLoadOptions,
  write: (line: string) => void,
): Promise<{ refused: number }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const verifier = new ActJwtVerifier({ publicKey, expectedAudience: AUDIENCE });
  const signer = new Worker(new URL('../../../../tools/run-source.mjs', import.meta.url), {
    argv: [new URL('./act-jwt-signer.ts', import.meta.url).pathname],
    workerData: { privateKeyPem: privateKey, audience: AUDIENCE },
  });
  const ready: string[] = [];
  let asked = 0;
  signer.on('message', (tokens: string[]) => {
    ready.push(...tokens);
    asked -= tokens.length;
  });
  const perTick = Math.ceil((options.rate * TICK_MS) / 1000);
  const refill = () => {
    const wanted = options.rate - ready.length - asked;
    if (wanted >= perTick) {
      signer.postMessage(perTick * 5);
      asked += perTick * 5;
    }
  };

  const refusals = new Map<string, number>();
  let accepted = 0;
  const verify = async (token: string) => {
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
  try {
    refill();
    while (ready.length < options.rate / 2) {
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      refill();
    }
    const started = performance.now();
    let sent = 0;
    let nextReport = 10;
    let signerBehind = 0;
    let ticks = 0;
    for (;;) {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= options.seconds) break;
      // At most one tick's worth at once, so a slow tick does not turn into one long burst.
      const due = Math.min(Math.floor(elapsed * options.rate) - sent, perTick);
      const batch = Math.min(due, ready.length);
      ticks += 1;
      if (batch < due) signerBehind += 1;
      sent += Math.max(batch, 0);
      await Promise.all(ready.splice(0, Math.max(batch, 0)).map(verify));
      refill();
      if (elapsed >= nextReport) {
        nextReport += 10;
        write(
          `  ${elapsed.toFixed(0).padStart(3)} s  ${sent} verified, ${(sent / elapsed).toFixed(0)}/s so far, ${accepted} accepted, RSS ${rssMiB()} MiB`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, batch < perTick ? TICK_MS / 2 : 0));
    }
    const seconds = (performance.now() - started) / 1000;
    const refused = [...refusals.values()].reduce((sum, n) => sum + n, 0);
    write(
      `  achieved        ${(sent / seconds).toFixed(0)} act JWTs/s (${sent} in ${seconds.toFixed(1)} s; asked ${options.rate}/s)`,
    );
    write(
      `  signer behind   in ${((100 * signerBehind) / ticks).toFixed(0)} % of ${ticks} ticks (the verifier waited for tokens)`,
    );
    write(`  accepted        ${accepted}`);
    write(
      `  refused         ${refused}${refused ? ` (${[...refusals].map(([why, n]) => `${why}: ${n}`).join(', ')})` : ''}`,
    );
    write(`  RSS             ${rssStart} MiB at start, ${rssMiB()} MiB at end`);
    return { refused };
  } finally {
    await signer.terminate();
  }
}
