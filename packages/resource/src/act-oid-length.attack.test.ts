import { createRecordingLogger } from '@dual-auth/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import {
  accessToken,
  actAssertion,
  createSigningKeys,
  ENTRA_HUMAN,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { withDualAuth } from './fetch/index.js';

// Attack on bounds (Session 10, breaker18): `act.sub` is capped at 256 characters and refused
// with control or invisible characters, but `act.oid` — the human id on Entra, taken from the
// act assertion the agent application signs itself — has no length cap. An agent application of
// one's own (a valid key in `appKeys`) sends an assertion whose `act.oid` is 11 000 characters:
// the guard ADMITS it and writes the oid twice (`human_id`, `human_oid`) into the audit line, so
// each request of ~11 KB becomes a 22.5 KB log line (measured) — attacker-chosen bytes, ×2, in
// every audit record, past the 16 KiB line limit of common log shippers (Docker's json-file
// splits such a line into partial records, so the ALLOW record no longer parses). The same id
// reaches `humanAllowed`, the cut-off store key and the app's own id-keyed state unbounded.
// Severity: low–medium (log volume and audit integrity, one valid agent application needed).
// Suggested fix: refuse an `act.oid` longer than MAX_ACT_SUB_LENGTH in core's findActProblem,
// as for `act.sub` (Entra object ids are 36-character GUIDs).

const ENTRA = VENDOR_SETUP.entraid;
const LONGEST_LOG_LINE = 4096;

let idpKey: SigningKey;
let appKey: SigningKey;

beforeAll(async () => {
  [idpKey, appKey] = await createSigningKeys('entra-idp', 'app');
});

function guard(logger: ReturnType<typeof createRecordingLogger>) {
  return withDualAuth(() => Response.json({ ok: true }), {
    ...entraBoundOptions(idpKey, new Map([[ENTRA.agentId, appKey.publicKey]])),
    agentAllowed: () => true,
    humanAllowed: () => true,
    logger,
  });
}

async function send(logger: ReturnType<typeof createRecordingLogger>, oid: string) {
  const request = new Request('https://api.example.com/api/balance', {
    headers: {
      authorization: `Bearer ${await accessToken('entraid', idpKey)}`,
      'x-act-assertion': await actAssertion(appKey, { act: { sub: ENTRA_HUMAN.sub, oid } }),
    },
  });
  return guard(logger)(request);
}

describe('attack: an act assertion with an oversized act.oid', () => {
  it('a GUID oid is admitted and logged in a short line (held)', async () => {
    const logger = createRecordingLogger();
    expect((await send(logger, ENTRA_HUMAN.oid)).status).toBe(200);
    const lines = logger.records.map((record) => JSON.stringify(record));
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(LONGEST_LOG_LINE);
  });

  it('an 11 000-character act.oid is refused (401), and no log line grows with it', async () => {
    const logger = createRecordingLogger();
    const response = await send(logger, 'x'.repeat(11_000));
    const lines = logger.records.map((record) => JSON.stringify(record));
    // Today: 200, and a 22.5 KB audit line holding the oid twice.
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(LONGEST_LOG_LINE);
    expect(response.status).toBe(401);
  });
});
