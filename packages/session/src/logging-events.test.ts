import { setDefaultLogger } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { CountingAdapter } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair, truncatedEd25519Pem } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { HybridSender } from './hybrid-sender.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';

const act = { sub: 'u-1' };
let pair: TestKeyPair;
beforeAll(async () => {
  pair = await testKeyPair('RS256');
});
afterEach(() => setDefaultLogger(undefined));

function events(logger: ReturnType<typeof createRecordingLogger>, prefix: string) {
  return logger.records.filter((r) => r.event.startsWith(prefix));
}

describe('session: the reference events', () => {
  it('invalid_input_agent_id, invalid_input_act and invalid_input_scope before any request', async () => {
    const logger = createRecordingLogger();
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter, logger });
    const bad = [
      { agentId: '', act, scope: ['s'] },
      { agentId: 'agent', act: { email: 'alice@example.com' }, scope: ['s'] },
      { agentId: 'agent', act, scope: [] },
    ];
    for (const request of bad) {
      await expect(inSession.requestToken(request as never)).rejects.toThrow(TypeError);
    }
    expect(events(logger, 'invalid_input')).toEqual([
      { level: 'warn', event: 'invalid_input_agent_id' },
      { level: 'warn', event: 'invalid_input_act' },
      { level: 'warn', event: 'invalid_input_scope' },
    ]);
    expect(adapter.calls).toBe(0);
  });

  it('OutOfSessionTokenRequest logs invalid_input_* on requestTokenFromJwt, through the default logger', async () => {
    const logger = createRecordingLogger();
    setDefaultLogger(logger);
    const outOfSession = new OutOfSessionTokenRequest({
      adapter: new CountingAdapter(),
      publicKey: pair.publicPem,
      expectedAudience: 'https://agent.example.com/invoke',
    });
    await expect(
      outOfSession.requestTokenFromJwt({ actJwt: 'x', agentId: 'agent', scope: [] }),
    ).rejects.toThrow(TypeError);
    expect(events(logger, 'invalid_input')).toEqual([
      { level: 'warn', event: 'invalid_input_scope' },
    ]);
  });

  it('invalid_act and invalid_agent_endpoint from prepareOutOfSessionAct, with the error class only', async () => {
    const logger = createRecordingLogger();
    const sender = new HybridSender({ privateKey: pair.privatePem, logger });
    await expect(
      sender.prepareOutOfSessionAct({ act: {} as never, agentEndpoint: 'https://agent.example' }),
    ).rejects.toThrow();
    await expect(
      sender.prepareOutOfSessionAct({ act, agentEndpoint: 'http://agent.example/invoke' }),
    ).rejects.toThrow();
    expect(logger.records.filter((r) => r.event.startsWith('invalid_'))).toEqual([
      { level: 'warn', event: 'invalid_act', fields: { error_type: 'TypeError' } },
      {
        level: 'warn',
        event: 'invalid_agent_endpoint',
        fields: { error_type: 'ConfigurationError' },
      },
    ]);
  });

  it('names a human by the oid, or an email-shaped id by its digest: never the UPN (journey 9)', async () => {
    const logger = createRecordingLogger();
    const sender = new HybridSender({ logger });
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter, logger });
    const entra = sender.extractActFromSession({
      user_id: 'alice@contoso.example',
      oid: 'oid-alice',
    });
    const plain = sender.extractActFromSession({ user_id: 'bob@example.com' });
    await inSession.requestToken({ agentId: 'agent', act: entra, scope: ['s'] });
    await inSession.requestToken({ agentId: 'agent', act: plain, scope: ['s'] });
    const ids = logger.records
      .map((r) => (r.fields as { human_id?: unknown } | undefined)?.human_id)
      .filter((id) => id !== undefined);
    expect(ids).toContain('oid-alice');
    expect(ids).toContain(await webCryptoDigest('bob@example.com'));
    expect(JSON.stringify(logger.records)).not.toContain('@');
  });

  it('ActJwtVerifier picks the default logger at each verification, not when it was built', async () => {
    const verifier = new ActJwtVerifier({
      publicKey: pair.publicPem,
      expectedAudience: 'https://agent.example.com/invoke',
    });
    const sender = new HybridSender({ privateKey: pair.privatePem });
    const tokens = await Promise.all(
      [1, 2, 3].map(() =>
        sender.prepareOutOfSessionAct({ act, agentEndpoint: 'https://agent.example.com/invoke' }),
      ),
    );
    await verifier.verify(tokens[0] as string);
    const logger = createRecordingLogger();
    setDefaultLogger(logger);
    await verifier.verify(tokens[1] as string);
    setDefaultLogger(undefined);
    await verifier.verify(tokens[2] as string);
    expect(logger.records.map((r) => r.event)).toEqual(['jwt_verified']);
    expect(logger.records[0]?.fields).toMatchObject({
      human_id: 'u-1',
      audience: 'https://agent.example.com/invoke',
    });
  });

  it('public_key_loaded once the act JWT key is imported, public_key_load_error for a bad key', async () => {
    const logger = createRecordingLogger();
    const verifier = new ActJwtVerifier({
      publicKey: pair.publicPem,
      expectedAudience: 'https://agent.example.com/invoke',
      logger,
    });
    await expect(verifier.verify('not-a-jwt')).rejects.toThrow();
    expect(events(logger, 'public_key')).toEqual([
      { level: 'info', event: 'public_key_loaded', fields: { algorithms: ['RS256'] } },
    ]);
    const bad = createRecordingLogger();
    expect(
      () =>
        new ActJwtVerifier({
          publicKey: pair.privatePem,
          expectedAudience: 'https://agent.example.com/invoke',
          logger: bad,
        }),
    ).toThrow();
    expect(bad.records).toEqual([
      {
        level: 'error',
        event: 'public_key_load_error',
        fields: { error_type: 'ConfigurationError' },
      },
    ]);
  });

  it('act_jwt_error with the error class when the act JWT cannot be signed', async () => {
    const pem = truncatedEd25519Pem();
    const logger = createRecordingLogger();
    const sender = new HybridSender({ privateKey: pem, algorithm: 'EdDSA', logger });
    await expect(
      sender.prepareOutOfSessionAct({ act, agentEndpoint: 'https://agent.example/invoke' }),
    ).rejects.toThrow();
    expect(logger.records.filter((r) => r.event === 'act_jwt_error')).toEqual([
      { level: 'error', event: 'act_jwt_error', fields: { error_type: expect.any(String) } },
    ]);
  });
});
