import { errorOptions } from '@dual-auth/core';

/**
 * What a tool hands back to the model instead of throwing when dual-subject authorization stops
 * it: a plain JSON value the model can read and explain. Never carries a token, an email or a
 * name.
 */
export interface ToolDenial {
  denied: true;
  /**
   * `no_human` (no human in context), `not_authorized` (the API refused the agent or the human),
   * `credentials_refused` (the API refused the token after one renewal), `token_unavailable` (no
   * token could be had for the human: an expired delegation, a refused act JWT, the IdP's answer).
   */
  reason: 'no_human' | 'not_authorized' | 'credentials_refused' | 'token_unavailable';
  /**
   * For `not_authorized`: the side the API named, only when it is one of these; any other value
   * of the API's `failed_side` is left out.
   */
  failed_side?: 'agent' | 'human' | 'both' | 'credentials';
  /** One sentence for the model, without secrets or personal data. */
  message: string;
}

/** Thrown by a tool's `callApi` on 401/403 and turned into a {@link ToolDenial} by the wrapper. */
export class ToolDeniedError extends Error {
  override readonly name = 'ToolDeniedError';
  readonly denial: ToolDenial;

  /**
   * @throws TypeError naming this class and the field when `denial` is not a {@link ToolDenial}
   *   (an object with `denied`, a `reason` and a `message`).
   */
  constructor(denial: ToolDenial) {
    errorOptions(
      denial,
      'ToolDeniedError',
      { denied: 'boolean', reason: 'string', message: 'string', failed_side: 'string?' },
      'denial',
    );
    super(denial.message);
    this.denial = denial;
  }
}
