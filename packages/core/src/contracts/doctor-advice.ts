import type { AsymmetricAlgorithm } from '../adapter-kit/import-key.js';
import type { DelegationLayout, TokenProfile } from '../jwt/token-profile.js';
import type { VendorConfig } from './config.js';

/**
 * The checks `dual-auth doctor` runs, in order: the token endpoint answers; the client
 * authenticates; the human is where the layout puts them (`act.sub`, or `sub` with the agent in
 * `act.sub` for token exchange, or where the token profile's `readDelegation` reads them, or the
 * app-signed act assertion); the access token's audience, its
 * scopes, the agent's role; its lifetime.
 */
export type DoctorCheckId =
  | 'token-endpoint'
  | 'client-authentication'
  | 'human'
  | 'audience'
  | 'scopes'
  | 'agent-role'
  | 'lifetime';

/** What to change on the IdP when a check fails, where, and the vendor page that says how. */
export interface DoctorFix {
  /** The change, in a sentence or two (the mapper, the Action, the claim expression…). */
  readonly fix: string;
  /** Where it is in the vendor's console (`Clients → <agent> → Client scopes → …`). */
  readonly consolePath: string;
  /** The vendor's documentation of it. */
  readonly docs: string;
}

/**
 * What `dual-auth doctor`'s `app-key` check needs of a vendor whose legacy layout carries the human
 * in an act assertion signed with the application's own key (Entra ID: `X-Act-Assertion`): the
 * key as configured, the algorithm it signs with, and the fixes.
 */
export interface DoctorAppKeyAdvice {
  /** The app's private key the config holds (PEM text, a JWK), `undefined` when it holds none. */
  privateKey(config: VendorConfig): unknown;
  /** The variables that set the key, for messages: `APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH`. */
  readonly privateKeyName: string;
  /** The algorithm of the act assertion (`RS256`). */
  readonly alg: AsymmetricAlgorithm;
  /** When the key does not load, or the assertion it signs does not name the token's agent and the human. */
  readonly keyFix: DoctorFix;
  /** When the key the API holds does not verify the assertion: the API has another app's key. */
  readonly mismatchFix: DoctorFix;
}

/**
 * A vendor's knowledge for `dual-auth doctor`: where its tokens keep the two subjects, which
 * layout a config asks for, and the IdP-side fix of each check. An adapter package exports it from
 * the module its plugin's `doctorAdvice` names, so the CLI names no vendor and apps do not bundle
 * it.
 *
 * @example
 * export const acmeDoctorAdvice: DoctorAdvice = {
 *   tokenProfile: acmeTokenProfile,
 *   fixFor: (check) => ({ fix: '…', consolePath: 'Acme console → Apps → …', docs: 'https://…' }),
 * };
 */
export interface DoctorAdvice {
  /** Where the vendor's access tokens keep the agent, its roles and scopes, and the human. */
  readonly tokenProfile: TokenProfile;
  /** The layout the config's tokens use. Default `legacy`. */
  layout?(config: VendorConfig): DelegationLayout;
  /**
   * The claim in which the config's `rfc8693` tokens name the human by user id when `sub` is a
   * login (an Okta custom authorization server: `uid`, `OAUTH_HUMAN_ID_CLAIM`). Default: `sub`.
   */
  humanIdClaim?(config: VendorConfig): string | undefined;
  /**
   * The vendor whose token profile an API reads the config's tokens with, when it is not
   * {@link DoctorAdvice.tokenProfile} (a generic adapter speaking a vendor's own delegation: the
   * OAuth adapter's `OAUTH_PRESET=entraid` issues Entra on-behalf-of tokens, read with
   * `entraIdTokenProfile`). The doctor then judges the token with the `tokenProfile` of that
   * vendor's doctor advice (`@dual-auth/adapter-<vendor>`). Default: this advice's profile.
   */
  tokenProfileVendor?(config: VendorConfig): string | undefined;
  /**
   * Why an API must never check `audience`, when this IdP puts it in tokens meant for other APIs
   * too (Keycloak's `account`, in every token of the realm): the doctor fails an `--audience` it
   * answers for, with this reason and the `audience` fix; read from the advice whose
   * `tokenProfile` judges the token (an `OAUTH_PRESET`'s vendor). `undefined` for any other.
   */
  sharedAudience?(audience: string): string | undefined;
  /** The IdP-side fix when `check` fails for a token of `layout`. */
  fixFor(check: DoctorCheckId, layout: DelegationLayout): DoctorFix;
  /** For a vendor whose legacy tokens come with an app-signed act assertion: the `app-key` check. */
  readonly appKey?: DoctorAppKeyAdvice | undefined;
}
