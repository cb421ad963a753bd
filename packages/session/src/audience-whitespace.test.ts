import { ConfigurationError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { HybridSender } from './hybrid-sender.js';

// Each parses as a URL (the WHATWG parser drops the characters without a word), so only the exact
// comparison of aud at the agent would have seen them, as wrong_audience.
const INEXACT = [
  ' https://agent.example/ ',
  'https://a.example\n',
  'https://agent.example/in\tvoke',
  '\uFEFFhttps://agent.example/invoke',
  'https://agent.example/invoke\u00A0',
];

let pair: TestKeyPair;
beforeAll(async () => {
  pair = await testKeyPair('RS256');
});

function refusal(error: unknown, name: string, value: string) {
  expect(error).toBeInstanceOf(ConfigurationError);
  const { message, variable } = error as ConfigurationError;
  expect(variable).toBe(name);
  expect(message).toContain(`${name} holds`);
  expect(message).toMatch(/wrong_audience/);
  expect(message).toMatch(/trim/i);
  expect(message).not.toContain(value.trim());
}

describe('an act JWT audience with whitespace or an invisible character', () => {
  it('prepareOutOfSessionAct refuses it by name, logged as invalid_agent_endpoint, signing nothing', async () => {
    const logger = createRecordingLogger();
    const sender = new HybridSender({ privateKey: pair.privatePem, logger });
    for (const agentEndpoint of INEXACT) {
      const error = await sender
        .prepareOutOfSessionAct({ act: { sub: 'u-1' }, agentEndpoint })
        .catch((e: unknown) => e);
      refusal(error, 'agentEndpoint', agentEndpoint);
    }
    const events = logger.records.map((r) => r.event);
    expect(events.filter((e) => e === 'invalid_agent_endpoint')).toHaveLength(INEXACT.length);
    expect(events).not.toContain('act_prepared_out_of_session');
  });

  it('ActJwtVerifier refuses it as expectedAudience, at construction and per call', async () => {
    for (const expectedAudience of INEXACT) {
      const error = (() => {
        try {
          return new ActJwtVerifier({ publicKey: pair.publicPem, expectedAudience });
        } catch (e) {
          return e;
        }
      })();
      refusal(error, 'expectedAudience', expectedAudience);
      const verifier = new ActJwtVerifier({ publicKey: pair.publicPem });
      const perCall = await verifier.verify('a.b.c', { expectedAudience }).catch((e: unknown) => e);
      refusal(perCall, 'expectedAudience', expectedAudience);
    }
  });

  it('the exact endpoint still signs, and the agent that expects it accepts it', async () => {
    const endpoint = 'https://agent.example/invoke';
    const sender = new HybridSender({ privateKey: pair.privatePem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: endpoint,
    });
    const verifier = new ActJwtVerifier({ publicKey: pair.publicPem, expectedAudience: endpoint });
    await expect(verifier.verify(actJwt)).resolves.toMatchObject({ act: { sub: 'u-1' } });
  });
});
