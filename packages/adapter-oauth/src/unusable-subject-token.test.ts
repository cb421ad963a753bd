import {
  createSubjectToken,
  SubjectTokenRequiredError,
  TOKEN_TYPE,
  type TokenRequest,
} from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  type IdJagServers,
  idJagAdapter,
  RESOURCE_ISSUER,
  startIdJagServers,
} from '../test/support/id-jag-servers.js';
import {
  NOW_SECONDS,
  tokenExchangeAdapter,
  unsignedJwt,
} from '../test/support/token-exchange-adapter.js';

// Session 39 (tidya): the agent sent the human's token to the IdP even when it was plainly
// unusable (unsigned, or past its exp beyond any clock tolerance): the IdP refused it after a round
// trip, and the user got the IdP's refusal instead of ours, which says to sign in again.
const EMAIL = 'alice@example.com';
const claims = (more: Record<string, unknown>) => ({
  sub: ALICE,
  aud: 'agent-1',
  email: EMAIL,
  ...more,
});
const unsigned = (body: Record<string, unknown>) =>
  `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(body))}.`;

let servers: IdJagServers;
beforeAll(async () => {
  servers = await startIdJagServers(() => ({ aud: RESOURCE_ISSUER }));
});
afterAll(() => servers.server.close());
beforeEach(() => {
  servers.paths.length = 0;
});

const MODES = {
  'token-exchange': (logger = createRecordingLogger()) =>
    tokenExchangeAdapter(servers.server, {}, { logger }),
  'id-jag': (logger = createRecordingLogger()) => idJagAdapter(servers.server, logger),
} as const;

function requestOf(mode: keyof typeof MODES, value: string): TokenRequest {
  const type = mode === 'id-jag' ? TOKEN_TYPE.idToken : TOKEN_TYPE.accessToken;
  return {
    agentId: 'agent-1',
    act: { sub: ALICE },
    scope: ['finance.read'],
    subjectToken: createSubjectToken(value, type),
  };
}

describe.each(Object.keys(MODES) as (keyof typeof MODES)[])(
  '%s: a subject token that is plainly unusable is refused before any request',
  (mode) => {
    it.each([
      [
        'unsigned (alg none)',
        unsigned(claims({ exp: NOW_SECONDS + 600 })),
        /unsigned \(alg none\)/,
      ],
      [
        'past its exp by more than 300 s',
        unsignedJwt(claims({ exp: NOW_SECONDS - 301 }), 'JWT'),
        /past its exp/,
      ],
    ])(
      '%s: SubjectTokenRequiredError saying to sign in again, nothing sent',
      async (_, token, why) => {
        const logger = createRecordingLogger();
        const refused = await MODES[mode](logger)
          .requestToken(requestOf(mode, token))
          .catch((error: unknown) => error);
        expect(SubjectTokenRequiredError.isInstance(refused)).toBe(true);
        expect((refused as Error).message).toMatch(why);
        expect((refused as Error).message).toMatch(/fresh token of the human's sign-in/);
        expect(servers.paths).toEqual([]);
        const shown = `${String(refused)} ${JSON.stringify(logger.records)}`;
        for (const secret of [token, ALICE, EMAIL]) expect(shown).not.toContain(secret);
        expect(logger.records).toContainEqual(
          expect.objectContaining({ level: 'warn', event: 'subject_token_refused' }),
        );
      },
    );

    it.each([
      [
        'past its exp within 300 s (the IdP decides)',
        unsignedJwt(claims({ exp: NOW_SECONDS - 299 }), 'JWT'),
      ],
      ['signed and in time', unsignedJwt(claims({ exp: NOW_SECONDS + 600 }), 'JWT')],
      ['opaque', 'opaque-subject-token-0123456789'],
    ])('%s: sent to the IdP', async (_, token) => {
      await MODES[mode]()
        .requestToken(requestOf(mode, token))
        .catch(() => undefined);
      expect(servers.paths.length).toBeGreaterThan(0);
    });
  },
);
