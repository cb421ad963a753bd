import { checkValue } from '../config/check-option.js';
import { readOptions } from '../config/read-options.js';
import type { KnownOptions } from '../config/refuse-unknown-options.js';
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
const PROVER_ID = /^[\x21-\x7e]{1,256}$/;
const HINTS = /* @__PURE__ */ (() => ({ keyPair: `pass { prover: ${PROVER} }` }))();

/**
 * The adapter's `dpop` option checked, undefined when not given.
 *
 * @throws TypeError when it is not an object, names an unknown field (a bare `keyPair` is told to
 *   go through `createDpopProver`), `prover` is not a {@link DpopProver}, or its `id` is not 1
 *   to 256 visible ASCII characters without spaces (a hand-made prover's empty or blank id).
 */
export function checkDpopOption(value: unknown): ResolvedDpopOptions | undefined {
  if (value === undefined) return undefined;
  checkValue(value, 'options.dpop', 'object');
  const { prover, acceptUnboundTokens } = readOptions(
    value as Partial<DpopOptions>,
    DPOP_OPTIONS,
    'options.dpop',
    HINTS,
  );
  if (
    typeof prover !== 'object' ||
    prover === null ||
    typeof prover.proof !== 'function' ||
    typeof prover.thumbprint !== 'function' ||
    typeof prover.tokenRequests !== 'function' ||
    typeof prover.alg !== 'string'
  ) {
    throw new TypeError(`options.dpop.prover must be a DpopProver: ${PROVER}`);
  }
  // The id joins the adapter's space-separated id, the key of token caches: an empty or shared
  // one would hand a token bound to one key to an adapter proving with another (RFC 9449 §6).
  if (typeof prover.id !== 'string' || !PROVER_ID.test(prover.id)) {
    throw new TypeError(
      'options.dpop.prover.id must be 1 to 256 visible ASCII characters without spaces, one per key pair (createDpopProver makes one): it keys the token cache, so two keys must never share it',
    );
  }
  return Object.freeze({
    prover,
    acceptUnboundTokens:
      checkValue(acceptUnboundTokens, 'options.dpop.acceptUnboundTokens', 'boolean') ?? false,
  });
}
