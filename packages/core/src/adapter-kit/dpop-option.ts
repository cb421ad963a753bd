import { checkValue, ownOptions } from '../config/check-option.js';
import type { KnownOptions } from '../config/refuse-unknown-options.js';
import { refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import type { DpopProver } from '../dpop/dpop-prover.js';

/**
 * The `dpop` adapter option: ask for DPoP-bound access tokens (RFC 9449 §5) with proofs made by
 * `prover` (`createDpopProver({ keyPair })` from `@dual-auth/core/dpop`, a subpath of its own
 * so that an adapter without DPoP does not ship `jose`'s signer).
 */
export interface DpopOptions {
  /** Makes each token request's proof and knows the key's thumbprint (`createDpopProver`). */
  prover: DpopProver;
  /**
   * Use a `Bearer` answer to a DPoP request (an IdP that does not bind this client's tokens,
   * RFC 9449 §5: it "MAY" answer so). Default false: refused as a downgrade, as the token would
   * work for whoever copies it.
   */
  acceptUnboundTokens?: boolean | undefined;
}

/** {@link DpopOptions} checked and frozen. */
export interface ResolvedDpopOptions {
  readonly prover: DpopProver;
  readonly acceptUnboundTokens: boolean;
}

const DPOP_OPTIONS = {
  prover: true,
  acceptUnboundTokens: true,
} as const satisfies KnownOptions<DpopOptions>;
const PROVER = 'createDpopProver({ keyPair }) from @dual-auth/core/dpop';
const HINTS = { keyPair: `pass { prover: ${PROVER} }` };

/**
 * The adapter's `dpop` option checked, undefined when not given.
 *
 * @throws TypeError when it is not an object, names an unknown field (a bare `keyPair` is told to
 *   go through `createDpopProver`), or `prover` is not a {@link DpopProver}.
 */
export function checkDpopOption(value: unknown): ResolvedDpopOptions | undefined {
  if (value === undefined) return undefined;
  checkValue(value, 'options.dpop', 'object');
  refuseUnknownOptions(value, DPOP_OPTIONS, 'options.dpop', HINTS);
  const { prover, acceptUnboundTokens } = ownOptions(value as Partial<DpopOptions>);
  if (
    typeof prover !== 'object' ||
    prover === null ||
    typeof prover.proof !== 'function' ||
    typeof prover.thumbprint !== 'function' ||
    typeof prover.tokenRequests !== 'function' ||
    typeof prover.alg !== 'string' ||
    typeof prover.id !== 'string'
  ) {
    throw new TypeError(`options.dpop.prover must be a DpopProver: ${PROVER}`);
  }
  return Object.freeze({
    prover,
    acceptUnboundTokens:
      checkValue(acceptUnboundTokens, 'options.dpop.acceptUnboundTokens', 'boolean') ?? false,
  });
}
