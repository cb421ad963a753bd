import type { Logger } from '@dual-auth/core';
import type { IdentityField } from './api-call-identity.js';

/** Called with the field of the call's identity that a token did not record (see `assertTokenFor`). */
export type UncheckedIdentityNote = (field: IdentityField) => void;

/**
 * A note for one client (or one `dualAuthFetch` or `withDualAuthTool` of `@dual-auth/mcp`): the first time a call's identity names a human or agent that its token
 * does not record (`humanId`, `agentId` left out: a user's own provider's token), `logger` gets one
 * `token_identity_unchecked` debug event saying which field could not be checked and how to record
 * it; later calls log nothing. It names no id.
 */
export function uncheckedIdentityNote(logger: Logger): UncheckedIdentityNote {
  let logged = false;
  return (field) => {
    if (logged) return;
    logged = true;
    logger.debug('token_identity_unchecked', {
      field,
      advice:
        'the token records no humanId or agentId: createDualSubjectToken({ …, humanId, agentId })',
    });
  };
}
