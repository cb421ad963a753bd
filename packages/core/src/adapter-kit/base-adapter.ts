import { requireValue } from '../config/check-option.js';
import { refusePositionalArguments } from '../config/refuse-positional-arguments.js';
import { refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import type { Act } from '../contracts/act.js';
import { adapterIdOf } from '../contracts/adapter-id.js';
import type { Clock } from '../contracts/clock.js';
import type { DualSubjectToken } from '../contracts/dual-subject-token.js';
import type { IamAdapter, TokenRequest } from '../contracts/iam-adapter.js';
import type { Logger, LogValue } from '../contracts/logger.js';
import type { RandomBytes } from '../contracts/random.js';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { readSubjectTokenOnce, type SubjectToken } from '../contracts/subject-token.js';
import {
  type RevokeTokenOptions,
  revocationAnswer,
  type TokenRevocation,
  type TokenRevocationOutcome,
} from '../contracts/token-revocation.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { withheldCause } from '../errors/withheld-cause.js';
import type { DelegationLayout, TokenProfile } from '../jwt/token-profile.js';
import { utf8Encoder } from '../jwt/utf8.js';
import { defineInspect } from '../redaction/define-inspect.js';
import { humanIdForLogging, prepareHumanIdForLogging } from '../redaction/human-id-for-logging.js';
import { REDACTED, urlForLogging } from '../redaction/redact.js';
import { scopeNamesForLogging } from '../redaction/scope-names-for-logging.js';
import { type TelemetrySpan, withSpan } from '../telemetry/telemetry.js';
import type { AdapterOptions, ResolvedAdapterOptions } from './adapter-options.js';
import { ADAPTER_OPTIONS, resolveAdapterOptions, UNITLESS_HINTS } from './adapter-options.js';
import { assertHttpsUrl } from './assert-https-url.js';
import { checkIssuedToken } from './check-issued-token.js';
import type { ClientAssertionClaimsOptions, ClientAssertionKey } from './client-assertion.js';
import { clientAssertionClaims, signClientAssertion } from './client-assertion.js';
import type { TokenRequestDpop } from './dpop-token-request.js';
import type { FormFields } from './encode-form.js';
import { invalidTokenAnswer } from './invalid-token-answer.js';
import { parseTokenResponse, tokenTimeProblem } from './parse-token-response.js';
import { peopleOf } from './people-of.js';
import { postRevocation } from './post-revocation.js';
import { readActOnce } from './read-act-once.js';
import { refuseUnknownRequestFields } from './refuse-unknown-request-fields.js';
import { requestTokenEndpoint } from './request-token-endpoint.js';
import { requireConfigObject } from './require-config.js';
import { type ScopeDifference, scopeDifference } from './scope-difference.js';
import type { StatusMessages } from './token-endpoint-error.js';
import { createTokenRequestLog } from './token-request-log.js';
import type { TokenUrlHint } from './token-url-advice.js';
import { validateAct } from './validate-act.js';
import { createWarningGate } from './warning-gate.js';
import { type WidenedScopes, widenedScopes } from './widened-scopes.js';

/** How `requestToken` is called, for the refusal of Python's `request_token(agent_id, act, scope)`. */
const REQUEST_TOKEN_USAGE = { call: 'requestToken', example: '{ agentId, act, scope }' };

/** A vendor's fixed differences: its name, default lifetime, `Accept` header and messages. */
export interface VendorProfile {
  readonly vendor: Vendor;
  /** The IdP's name in messages: `Keycloak`, `Auth0`, `Okta`, `EntraID`. */
  readonly label: string;
  /** `expires_in` when the IdP sends none. */
  readonly defaultExpiresInSeconds: number;
  /** Default `application/json`. */
  readonly accept?: string;
  readonly messages: StatusMessages;
  /**
   * The variable that sets the token URL and the URL's shape, named when the endpoint answers
   * with no token endpoint's answer (HTML, a redirect): `{ variable: 'KEYCLOAK_TOKEN_URL', … }`.
   */
  readonly tokenUrlHint?: TokenUrlHint;
}

/** The fields of a vendor config the base reads. */
export interface BaseAdapterConfig {
  readonly vendor?: Vendor;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What an adapter tells {@link BaseAdapter} about itself. */
export interface AdapterInit {
  readonly profile: VendorProfile;
  readonly audience: string | undefined;
  /**
   * The layout of the tokens this adapter gets (`IamAdapter.layout`): `rfc8693` when every token
   * request sends the human's subject token to the IdP, which verifies it (token exchange,
   * on-behalf-of, ID-JAG); `legacy` for the client assertion that carries `act`. None: as `legacy`,
   * and an in-session cut-off never dates a session by the subject token's unverified `iat`.
   */
  readonly layout?: DelegationLayout | undefined;
  /** Non-secret settings: shown by `toString`/`toJSON`, logged in `<vendor>_adapter_init`, part of `id`. */
  readonly details: Readonly<Record<string, string | undefined>>;
  /**
   * Settings that tell this IdP client apart beside `details`, never shown: part of `id` only. For
   * a setting `details` shows cut (a URL without its query), its value as set, so that two
   * clients differing there do not share a cache.
   */
  readonly identity?: readonly (string | undefined)[] | undefined;
  /**
   * How many token requests one `requestToken` sends one after the other under one
   * `totalTimeoutMs`: 2 for an ID-JAG grant or a token exchange with an actor token. The default
   * `totalTimeoutMs` then gives each its whole `timeoutMs`. Default 1.
   */
  readonly tokenRequests?: number | undefined;
  /** False when the client authenticates without the secret (Auth0 `private_key_jwt`). */
  readonly requiresSecret?: boolean;
  /**
   * The vendor's RFC 7009 support, as its plugin declares it (`AdapterPlugin.tokenRevocation`):
   * {@link BaseAdapter.revokeToken} revokes there, or answers why not. None: "not supported".
   */
  readonly tokenRevocation?: TokenRevocation<{ readonly tokenUrl: string }>;
  /**
   * The names of the vendor's own options beside {@link AdapterOptions} (Auth0's
   * `clientAuthentication`): every other name is refused with a TypeError, so that a misspelled
   * option is never silently ignored. Declare them with `satisfies KnownOptions<…>` from
   * `@dual-auth/core`. None: the adapter takes the common options only.
   */
  readonly optionNames?: Readonly<Record<string, true>> | undefined;
  /**
   * The vendor's own rule for the `act` it signs, beside the kit's (`findActProblem`): given the
   * validated act, the message of a TypeError to refuse it with, before any request (logged
   * `invalid_act_claim`, as the kit's refusals), or `undefined`. Entra ID's: `act.oid` as Entra
   * writes object ids. None: the kit's rules only.
   */
  readonly actProblem?: ((act: Act) => string | undefined) | undefined;
  /**
   * How the vendor's legacy-layout tokens name the agent and the human, and the IdP setting that
   * copies `act` into them: every JWT the IdP issues is then checked (`checkIssuedToken`) before
   * it is returned, and refused (`token_subject_mismatch`) when it names another human or client.
   * `check` replaces `checkIssuedToken` for another layout (an RFC 8693 token exchange): it runs at
   * the same point, and its refusal is logged and counted the same way. None: not checked.
   */
  readonly issuedToken?:
    | {
        readonly profile: TokenProfile;
        readonly actSetting?: string | undefined;
        readonly check?: IssuedTokenCheck | undefined;
      }
    | undefined;
}

/** What an {@link IssuedTokenCheck} is told besides the token and the request. */
export interface IssuedTokenContext {
  /** The vendor's token profile: its `clientIdClaims` name the client. */
  readonly profile: TokenProfile;
  /** Now, in ms since the epoch, by the adapter's clock (for `exp`). */
  readonly nowMs: number;
}

/**
 * Checks a token the IdP issued before {@link BaseAdapter} caches or returns it, given the
 * validated request (for a two-step grant, the request of the step that issued the token).
 *
 * @throws TokenRequestError (status 200, `mismatch` when the token names another human or agent)
 *   whose message ends `; check … on the IdP`: the token is refused, logged
 *   (`token_subject_mismatch`) and counted as a failed request.
 */
export type IssuedTokenCheck = (
  token: DualSubjectToken,
  request: CheckedRequest,
  context: IssuedTokenContext,
) => void;

/** A validated token request. */
export interface CheckedRequest {
  readonly agentId: string;
  readonly act: Act;
  readonly scope: readonly string[];
  /** The human's own token, for a token exchange; redacted in every string form. */
  readonly subjectToken?: SubjectToken | undefined;
}

/** What {@link BaseAdapter.buildForm} gets for each attempt. */
export interface AttemptState {
  readonly request: CheckedRequest;
  /** The client secret, for the adapter to sign with or send; never to be logged. */
  readonly clientSecret: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The caller's signal, for a token request made while building the form (an actor token). */
  readonly signal?: AbortSignal | undefined;
  /**
   * When the whole token request's deadline passes, in ms by the adapter's clock: a request made
   * while building the form passes it on (`requestTokenEndpoint`'s `deadlineAt`).
   */
  readonly deadlineAt?: number | undefined;
}

/** What {@link BaseAdapter.assertion} signs. */
export type AssertionOptions = Omit<ClientAssertionClaimsOptions, 'clock' | 'random'> &
  ClientAssertionKey & {
    /** The debug event logged with `agent_id`, `human_id`, `jti` and `exp`. */
    readonly event: string;
  };

/** An HS256 key should be at least as long as the hash output (RFC 7518 §3.2). */
const MIN_HS256_SECRET_BYTES = 32;
/**
 * `token_scope_widened`: how many sets of extra scopes one adapter remembers having warned about,
 * and how many warnings about new sets it logs per minute (an IdP may add a new scope every time).
 */
const WIDENED_WARNINGS = { maxKeys: 16, maxPerWindow: 5, windowMs: 60_000 } as const;

function requiredString(config: object, field: string, variable: string): string {
  const value = (config as Record<string, unknown>)[field];
  if (value === undefined || value === null || value === '') {
    throw new ConfigurationError({ message: `${field} is required (${variable})`, variable });
  }
  if (typeof value !== 'string') throw new TypeError(`config.${field} must be a string`);
  return value;
}

/** `insecure_token_url` (the scheme) when the token URL is not HTTPS, else `adapter_init_failed`. */
function logInitFailure(logger: Logger, adapterType: string, config: object, error: unknown): void {
  const variable = ConfigurationError.isInstance(error) ? error.variable : undefined;
  const raw = (config as Record<string, unknown>).tokenUrl;
  let scheme: string | undefined;
  try {
    scheme = typeof raw === 'string' ? new URL(raw).protocol.slice(0, -1) : undefined;
  } catch {
    scheme = undefined;
  }
  if (variable === 'tokenUrl' && scheme !== undefined && scheme !== 'https') {
    logger.error('insecure_token_url', { adapter_type: adapterType, scheme });
    return;
  }
  logger.error('adapter_init_failed', {
    adapter_type: adapterType,
    variable,
    error_type: errorClassOf(error),
  });
}

/**
 * The error a failed token request ends with. A typed error (a `DualAuthError`), an input error
 * (`TypeError`, `RangeError`: the caller must fix its call) and the caller's abort reason pass
 * unchanged; anything else (a failing `random` or `clock`, a crypto failure while signing) is the
 * reference's catch-all: logged as `<vendor>_unexpected_error` with its class only, and turned into
 * a {@link TokenRequestError} (`Unexpected error: <Class>`, its `cause` core's `withheldCause`:
 * the class name only, never the original's message).
 */
function typedFailure(
  logger: Logger,
  vendor: Vendor,
  error: unknown,
  signal: AbortSignal | undefined,
): unknown {
  if (
    DualAuthError.isInstance(error) ||
    error instanceof TypeError ||
    error instanceof RangeError
  ) {
    return error;
  }
  if (signal?.aborted === true && error === signal.reason) return error;
  const errorType = errorClassOf(error);
  logger.error(`${vendor}_unexpected_error`, { error_type: errorType });
  return new TokenRequestError({
    vendor,
    message: `Unexpected error: ${errorType}`,
    cause: withheldCause(error),
  });
}

function checkRequest(request: TokenRequest): CheckedRequest {
  if (typeof request !== 'object' || request === null) {
    throw new TypeError('requestToken: the request must be an object');
  }
  const { agentId, scope } = request;
  if (typeof agentId !== 'string' || agentId.trim() === '') {
    throw new TypeError('agentId must be a non-empty string');
  }
  if (!Array.isArray(scope) || !scope.every((s) => typeof s === 'string' && s !== '')) {
    throw new TypeError('scope must be an array of non-empty strings');
  }
  const signal = request.signal;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
  ) {
    throw new TypeError('signal must be an AbortSignal');
  }
  // Read once, as the act: every attempt sends the value checked here (a getter, a reused
  // `{ value, type }` changed in flight, answers no other token).
  const given = request.subjectToken;
  const subjectToken = given === undefined ? undefined : readSubjectTokenOnce(given);
  if (given !== undefined && subjectToken === undefined) {
    throw new TypeError(
      'subjectToken must be a SubjectToken (createSubjectToken from @dual-auth/core)',
    );
  }
  return {
    agentId,
    act: request.act,
    scope: [...scope],
    ...(subjectToken === undefined ? {} : { subjectToken }),
  };
}

/**
 * The protocol work every adapter shares (the reference's `BaseAdapter`, fixed): config checks,
 * HTTPS, act validation before any network call, one agent identity, the token-endpoint call
 * with timeouts and safe retries, parsing, logging and redaction. A vendor adapter supplies its
 * {@link VendorProfile} and its form; the secret stays in a private field.
 *
 * Refuses a request whose `agentId` is not the configured `clientId`: the reference signed with
 * one identity's secret while claiming another, which fails at the IdP.
 */
export abstract class BaseAdapter implements IamAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly vendor: Vendor;
  readonly id: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly audience: string | undefined;
  readonly layout: DelegationLayout | undefined;
  readonly #clientSecret: string;
  readonly #options: ResolvedAdapterOptions;
  readonly #init: AdapterInit;
  /** The `dpop` option with this adapter's nonce memory (RFC 9449 §8), or none: Bearer tokens. */
  readonly #dpop: TokenRequestDpop | undefined;
  #secretLengthChecked = false;
  readonly #widenedWarnings = createWarningGate(WIDENED_WARNINGS);

  /**
   * @throws TypeError when `init` (a subclass's third `super` argument) is not an object with a
   *   `profile`, or as `requireConfigObject` and `refuseUnknownOptions` for `config` and `options`.
   * @throws ConfigurationError for a config of another vendor or a bad token URL.
   */
  protected constructor(
    config: BaseAdapterConfig,
    options: AdapterOptions | undefined,
    init: AdapterInit,
  ) {
    defineInspect(this, () => `${this.constructor.name} ${JSON.stringify(this.toJSON())}`);
    requireConfigObject(config);
    requireValue(init, 'init', 'object');
    requireValue(init.profile, 'init.profile', 'object');
    refuseUnknownOptions(
      options,
      { ...ADAPTER_OPTIONS, ...init.optionNames },
      `new ${new.target.name}`,
      UNITLESS_HINTS,
    );
    this.#options = resolveAdapterOptions(options, init.tokenRequests);
    const { vendor } = init.profile;
    let tokenUrl: string;
    try {
      if (config.vendor !== undefined && config.vendor !== vendor) {
        throw new ConfigurationError({
          message: `A ${String(config.vendor)} config was given to the ${vendor} adapter`,
          variable: 'DUAL_AUTH_VENDOR',
        });
      }
      tokenUrl = requiredString(config, 'tokenUrl', `${vendor.toUpperCase()}_TOKEN_URL`);
      assertHttpsUrl(tokenUrl, {
        name: 'tokenUrl',
        allowInsecureLoopback: this.#options.allowInsecureLoopback,
      });
      this.vendor = vendor;
      this.tokenUrl = tokenUrl;
      this.clientId = requiredString(config, 'clientId', 'AGENT_CLIENT_ID');
      this.#clientSecret =
        init.requiresSecret === false
          ? String(config.clientSecret ?? '')
          : requiredString(config, 'clientSecret', 'AGENT_CLIENT_SECRET');
    } catch (error) {
      logInitFailure(this.#options.logger, this.constructor.name, config, error);
      throw error;
    }
    this.audience = init.audience;
    this.layout = init.layout;
    this.#init = init;
    const { dpop } = this.#options;
    this.#dpop = dpop?.prover.tokenRequests({ acceptUnboundTokens: dpop.acceptUnboundTokens });
    this.id = adapterIdOf(
      [
        ['vendor', vendor],
        ['tokenUrl', tokenUrl],
        ['clientId', this.clientId],
        ...Object.entries(init.details),
        ...(init.identity ?? []).map((value) => ['setting', value] as const),
      ],
      // A token bound to one key is no use to an adapter proving with another (RFC 9449 §6).
      dpop?.prover.id,
    );
    this.logger.info('adapter_initialized', {
      adapter_type: this.constructor.name,
      client_id: this.clientId,
      token_url: urlForLogging(tokenUrl),
    });
    this.logger.info(`${vendor}_adapter_init`, {
      token_url: urlForLogging(tokenUrl),
      ...snakeCaseKeys(init.details),
    });
  }

  /** The form of one attempt, in the vendor's field order; called again for every retry. */
  protected abstract buildForm(state: AttemptState): Promise<FormFields>;

  /** The scope reported when the IdP sends none. Default: the requested scopes. */
  protected responseScope(request: CheckedRequest): string | readonly string[] {
    return request.scope;
  }

  /**
   * The `requested_token_type` of a token exchange, whose answer must then carry it as
   * `issued_token_type` (RFC 8693 §2.2.1). Default none: a plain OAuth 2.0 answer.
   */
  protected issuedTokenType(_request: CheckedRequest): string | undefined {
    return undefined;
  }

  /** A second credential that travels with the token (Entra ID's act assertion). Default none. */
  protected actAssertion(_request: CheckedRequest): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  protected get clock(): Clock {
    return this.#options.clock;
  }

  protected get random(): RandomBytes {
    return this.#options.random;
  }

  protected get logger(): Logger {
    return this.#options.logger;
  }

  /** The deadline of one whole token request (`totalTimeoutMs`), in ms. */
  protected get totalTimeoutMs(): number {
    return this.#options.totalTimeoutMs;
  }

  /**
   * Signs a client assertion with the adapter's clock and random, logging its `jti` and `exp`.
   * An HS256 secret shorter than the hash (32 bytes, RFC 7518 §3.2) still signs, as the IdP issued
   * it (the reference signs with it too), and is reported once per adapter as
   * `client_secret_short`.
   */
  protected async assertion(options: AssertionOptions): Promise<string> {
    if ((options.alg ?? 'HS256') === 'HS256') this.#checkSecretLength(options.secret);
    const claims = clientAssertionClaims({ ...options, clock: this.clock, random: this.random });
    const jwt = await signClientAssertion(claims, options);
    this.logger.debug(options.event, {
      agent_id: claims.sub,
      human_id: humanIdForLogging(claims.act),
      jti: claims.jti,
      exp: claims.exp,
    });
    return jwt;
  }

  // Not refused: the IdP issued this secret and accepts assertions signed with it (wire
  // compatibility); PyJWT ≥ 2.11 warns likewise. Logged once, with the minimum, never the secret.
  #checkSecretLength(secret: string | undefined): void {
    if (this.#secretLengthChecked || typeof secret !== 'string') return;
    this.#secretLengthChecked = true;
    if (utf8Encoder.encode(secret).length >= MIN_HS256_SECRET_BYTES) return;
    this.logger.warn('client_secret_short', {
      client_id: this.clientId,
      token_url: urlForLogging(this.tokenUrl),
      min_bytes: MIN_HS256_SECRET_BYTES,
    });
  }

  /**
   * Gets a token that carries the agent and the human (`act`). The act is checked before any
   * network call.
   *
   * @throws TypeError on a malformed request or act (`Act claim must contain 'sub' field`), or a
   *   key that is not a {@link TokenRequest} field (`scopes`: "did you mean scope?").
   * @throws ConfigurationError when `agentId` is not the configured client id.
   * @throws TokenRequestError when the IdP issues no token; when it issues one that is refused
   *   (HTTP 200, `mismatch` when it names another human or agent: `checkIssuedToken` or the
   *   adapter's `issuedToken.check`, logged as `token_subject_mismatch`); or on an unexpected
   *   failure (`Unexpected error: <Class>`, logged as `<vendor>_unexpected_error`); the abort
   *   reason on abort.
   */
  requestToken(request: TokenRequest): Promise<DualSubjectToken> {
    try {
      // Python's request_token(agent_id, act, scope); one object passes at once.
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      if (arguments.length > 1 || typeof request !== 'object') {
        // biome-ignore lint/complexity/noArguments: as above
        refusePositionalArguments(arguments, REQUEST_TOKEN_USAGE);
      }
      refuseUnknownRequestFields(request, this.constructor.name);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.requestTokenBy(request, undefined);
  }

  /**
   * {@link requestToken} as the last step of a longer operation that must end by `deadlineAt`
   * (ms by the adapter's clock; `undefined`: `totalTimeoutMs` from now), so that one
   * `totalTimeoutMs` bounds every step (an ID-JAG grant's two requests).
   *
   * @throws as {@link requestToken}; TokenRequestError without a request once `deadlineAt` passed.
   */
  protected requestTokenBy(
    request: TokenRequest,
    deadlineAt: number | undefined,
  ): Promise<DualSubjectToken> {
    return withSpan(
      'dual_auth.token_request',
      { attributes: { 'dual_auth.vendor': this.vendor, 'oauth.client_id': this.clientId } },
      (span) => this.#requestTokenBy(request, deadlineAt, span),
    );
  }

  async #requestTokenBy(
    request: TokenRequest,
    deadlineAt: number | undefined,
    span: TelemetrySpan,
  ): Promise<DualSubjectToken> {
    const unchecked = checkRequest(request);
    let checked: CheckedRequest;
    try {
      // The act as every assertion carries it (its JSON), read once before the check: a getter's
      // second answer, a prototype `sub` (JSON drops it) or an edit in flight is never signed.
      checked = { ...unchecked, act: validateAct(readActOnce(unchecked.act)) };
      const problem = this.#init.actProblem?.(checked.act);
      if (problem !== undefined) throw new TypeError(problem);
    } catch (error) {
      this.logger.warn('invalid_act_claim', { agent_id: unchecked.agentId });
      throw error;
    }
    // Off Node, the digest an email-shaped human is logged as (humanIdForLogging reads it from
    // this act, the one every later line and the client assertion name); on Node none to wait for.
    const preparing = prepareHumanIdForLogging(checked.act);
    if (preparing !== undefined) await preparing;
    span.setAttributes({
      'dual_auth.agent.id': checked.agentId,
      'dual_auth.human.id': humanIdForLogging(checked.act),
    });
    if (checked.agentId !== this.clientId) {
      throw new ConfigurationError({
        message: `agentId '${checked.agentId}' is not this adapter's client id '${this.clientId}' (AGENT_CLIENT_ID): one adapter speaks for one agent`,
        variable: 'AGENT_CLIENT_ID',
      });
    }
    const { profile } = this.#init;
    const log = createTokenRequestLog(
      this.logger,
      this.vendor,
      Object.keys(profile.messages.byError ?? {}),
    );
    log.start(checked);
    const people = peopleOf(checked);
    try {
      const json = await requestTokenEndpoint({
        ...this.#options,
        vendor: this.vendor,
        label: profile.label,
        tokenUrl: this.tokenUrl,
        messages: profile.messages,
        tokenUrlHint: profile.tokenUrlHint,
        accept: profile.accept,
        buildForm: (state) => {
          const { attempt } = state;
          // A per-user scope names the human (`mail:<login>`), as in token_request_start.
          this.logger.debug(`${this.vendor}_token_request`, {
            attempt,
            scope: scopeNamesForLogging(checked.scope, people, checked.scope),
          });
          return this.buildForm({
            request: checked,
            clientSecret: this.#clientSecret,
            attempt,
            signal: request.signal,
            deadlineAt: state.deadlineAt,
          });
        },
        signal: request.signal,
        deadlineAt,
        credentials: [this.#clientSecret],
        people,
        issuedTokenType: this.issuedTokenType(checked),
        dpopBinding: this.#dpop,
        // Refused below, once the token is known to be for whom it was asked.
        refusePastExp: false,
      });
      const token = parseTokenResponse(json, {
        requestedScope: this.responseScope(checked),
        defaultExpiresInSeconds: profile.defaultExpiresInSeconds,
        actAssertion: await this.actAssertion(checked),
        vendor: this.vendor,
        label: profile.label,
        clock: this.clock,
        dpopRequested: this.#dpop !== undefined,
        people,
        // Who it was asked for, so a client refuses to send it for another (`identity`).
        humanId: checked.act.sub,
        agentId: checked.agentId,
        refusePastExp: false,
      });
      const requestedScope = this.responseScope(checked);
      const difference = scopeDifference(requestedScope, json.scope);
      this.#logNarrowedScope(checked, difference, people);
      this.#logWidenedScope(checked, widenedScopes(requestedScope, difference, people));
      this.#checkIssuedToken(checked, token);
      // Only now: a token past its exp (or issued in the future) that names another human or
      // client is that security event (token_subject_mismatch), not a clock to check.
      const time = tokenTimeProblem(token.accessToken, this.clock.now());
      if (time !== undefined) {
        throw invalidTokenAnswer(
          { logger: this.logger, vendor: this.vendor, label: profile.label },
          time,
        );
      }
      log.success(checked, token);
      return token;
    } catch (error) {
      const failure = typedFailure(this.logger, this.vendor, error, request.signal);
      log.failure(checked, failure);
      throw failure;
    }
  }

  // RFC 6749 §5.1 allows it, so the token is kept; but the API will refuse a call that needs a
  // scope left out, and this says why before it does. IAM identifiers and scope names only, with
  // emails and the human blanked (a per-user scope).
  #logNarrowedScope(
    request: CheckedRequest,
    { missing }: ScopeDifference,
    people: readonly string[],
  ): void {
    if (missing.length === 0) return;
    this.logger.warn('token_scope_narrowed', {
      vendor: this.vendor,
      agent_id: request.agentId,
      human_id: humanIdForLogging(request.act),
      missing_scope: scopeNamesForLogging(missing, people, request.scope),
    });
  }

  // RFC 6749 §5.1 and RFC 8693 §2.2.1 allow it and no rule of ours refuses it (docs/wire-format.md),
  // so the token is kept; but the agent holds more than it asked for. Once per adapter and set of
  // extra names (IdPs add the same defaults to every token), at most 5 new sets a minute (an IdP
  // adding a new name to every token); scope names, with emails and the human blanked (a per-user
  // scope), and IAM ids only.
  #logWidenedScope(request: CheckedRequest, { listed, count }: WidenedScopes): void {
    if (count === 0) return;
    const suppressed = this.#widenedWarnings.admit(
      `${count} ${listed.join(' ')}`,
      this.clock.now(),
    );
    if (suppressed === undefined) return;
    this.logger.warn('token_scope_widened', {
      vendor: this.vendor,
      agent_id: request.agentId,
      human_id: humanIdForLogging(request.act),
      extra_scope: listed,
      extra_scope_count: count,
      ...(suppressed === 0 ? {} : { suppressed_count: suppressed }),
    });
  }

  #checkIssuedToken(request: CheckedRequest, token: DualSubjectToken): void {
    const expected = this.#init.issuedToken;
    if (expected === undefined) return;
    try {
      if (expected.check !== undefined) {
        expected.check(token, request, { profile: expected.profile, nowMs: this.clock.now() });
      } else {
        checkIssuedToken(token.accessToken, {
          ...expected,
          agentId: request.agentId,
          human: request.act.sub,
          vendor: this.vendor,
        });
      }
    } catch (error) {
      // IAM identifiers only: the token's other human may be an email (Okta sub, Entra UPN).
      this.logger.error('token_subject_mismatch', {
        vendor: this.vendor,
        agent_id: request.agentId,
        mismatch: (TokenRequestError.isInstance(error) ? error.mismatch : undefined) ?? 'claims',
      });
      throw error;
    }
  }

  /**
   * How the client authenticates to the revocation endpoint (RFC 7009 §2.1), as form fields.
   * Default `client_secret_post` (RFC 6749 §2.3.1); an adapter that signs a client assertion for
   * its token requests signs one here too (without `act`).
   */
  protected revocationAuthentication(clientSecret: string): Promise<FormFields> {
    return Promise.resolve([
      ['client_id', this.clientId],
      ['client_secret', clientSecret],
    ]);
  }

  /**
   * Revokes an access token this adapter got (RFC 7009) at the endpoint its vendor's plugin
   * declares, with the agent's client authentication; where the vendor does not revoke access
   * tokens, answers `not-supported` with when the token expires (core's `revocationAnswer`).
   * One attempt within `timeoutMs`; a refusal or failure is `failed`, never thrown.
   *
   * @throws TypeError when `token` has no `accessToken` string; the abort reason on abort.
   */
  async revokeToken(
    token: { readonly accessToken: string; readonly expiresAt: number },
    options: RevokeTokenOptions = {},
  ): Promise<TokenRevocationOutcome> {
    if (typeof token?.accessToken !== 'string' || token.accessToken === '') {
      throw new TypeError('revokeToken: token.accessToken must be a non-empty string');
    }
    const answer = revocationAnswer(
      this.vendor,
      this.#init.tokenRevocation,
      { tokenUrl: this.tokenUrl },
      token.expiresAt,
    );
    if (!answer.supported) {
      return { status: 'not-supported', message: answer.message, expiresAtMs: answer.expiresAtMs };
    }
    const outcome = await postRevocation({
      endpoint: answer.endpoint,
      form: [
        ['token', token.accessToken],
        ['token_type_hint', 'access_token'],
        ...(await this.revocationAuthentication(this.#clientSecret)),
      ],
      fetch: this.#options.fetch,
      timeoutMs: this.#options.timeoutMs,
      signal: options.signal,
      vendor: this.vendor,
      expiresAtMs: token.expiresAt,
    });
    const fields = { endpoint: urlForLogging(answer.endpoint) };
    if (outcome.status === 'revoked') this.logger.info('token_revoked', fields);
    else if (outcome.status === 'not-supported')
      this.logger.info('token_revocation_unsupported', fields);
    else this.logger.warn('token_revocation_failed', { ...fields, reason: outcome.message });
    return outcome;
  }

  /** Non-secret settings, with the secret shown as redacted. */
  toJSON(): Record<string, LogValue> {
    return {
      vendor: this.vendor,
      tokenUrl: urlForLogging(this.tokenUrl),
      clientId: this.clientId,
      ...this.#init.details,
      clientSecret: REDACTED,
    };
  }

  toString(): string {
    const fields = Object.entries(this.toJSON()).map(([k, v]) => `${k}=${String(v)}`);
    return `${this.constructor.name}(${fields.join(', ')})`;
  }
}

/**
 * `details` as log fields: named in snake_case like every other field (`authServerId` →
 * `auth_server_id`, the names docs/logging.md lists for `<vendor>_adapter_init`); `toJSON` keeps
 * the option names.
 */
function snakeCaseKeys(
  details: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(details).map(([name, value]) => [
      name.replace(/[A-Z]/g, '_$&').toLowerCase(),
      value,
    ]),
  );
}
