import { TokenRequestError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, recordingLogger } from '../test/counting-adapter.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

// The IdP's `error` is free text on the wire: an IdP (or whatever answers at its URL) can write a
// name there. The audit record's reason keeps a registered OAuth code only, as the logs do.
async function auditReasonFor(error: string) {
  const adapter = new CountingAdapter();
  adapter.failWith = new TokenRequestError({ message: 'refused', status: 400, error });
  const logger = recordingLogger();
  const inSession = new InSessionTokenRequest({ adapter, logger });
  await expect(
    inSession.requestToken({ agentId: 'agent', act: { sub: 'u-1' }, scope: ['s'] }),
  ).rejects.toThrow(TokenRequestError);
  const audit = logger.events.find((e) => e.event === 'dual_auth_decision')?.fields;
  return { reason: audit?.reason, basis: audit?.policy_basis, all: JSON.stringify(logger.events) };
}

describe('session audit of an IdP refusal (the IdP writes the error code)', () => {
  it('keeps a registered OAuth error code as the reason', async () => {
    expect((await auditReasonFor('invalid_grant')).reason).toBe('token_request.invalid_grant');
    expect((await auditReasonFor('use_dpop_nonce')).reason).toBe('token_request.use_dpop_nonce');
  });

  it('never writes an unregistered code, which may be a name, into the record', async () => {
    for (const code of ['jane_doe', 'alice_example_com', 'johnsmith1980']) {
      const { reason, basis, all } = await auditReasonFor(code);
      expect(reason).toBe('token_request.refused');
      expect(basis).toEqual(['idp:token_request.refused']);
      expect(all).not.toContain(code);
    }
  });
});
