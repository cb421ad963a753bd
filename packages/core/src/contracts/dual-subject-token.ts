import { defineInspect } from '../redaction/define-inspect.js';
import { REDACTED } from '../redaction/redact.js';
import { withoutPersonalText } from '../redaction/without-personal-text.js';

/**
 * A token that carries both subjects: the agent (the token's subject or client) and the human
 * (`act`). Python's `TokenResponse`. For Entra ID, the human travels in `actAssertion`, a separate
 * app-signed JWT sent as `X-Act-Assertion`.
 *
 * Made by {@link createDualSubjectToken}: its secrets never show through `String()`,
 * `JSON.stringify` or `util.inspect`, nor the emails and people its scope may name; a spread,
 * `Object.entries` or `structuredClone` of it copies neither (only its times and `tokenType`).
 */
export interface DualSubjectToken {
  readonly accessToken: string;
  readonly tokenType: string;
  /**
   * Lifetime in seconds, as the IdP said when it issued the token (bounded by the adapter kit: see
   * `parseTokenResponse`). Not what is left: a token cache hands the same token out later with the
   * same `expiresIn`, so `Date.now() + expiresIn * 1000` overshoots; read
   * {@link DualSubjectToken.expiresAt}.
   */
  readonly expiresIn: number;
  /**
   * When it stops being usable, in ms since the epoch: issue time + `expiresIn`, or sooner when a
   * credential that travels with it (Entra's act assertion) expires first.
   */
  readonly expiresAt: number;
  /**
   * When its lifetime counts from, in ms since the epoch: `DualSubjectTokenInit.issuedAt` (the
   * IdP's answer; for a token the session's token cache hands out or stores, the start of the
   * request that got it, so no later than the IdP minted it). A delegation cut-off is judged by
   * it; where absent (a token not made by {@link createDualSubjectToken}), by
   * `expiresAt - expiresIn × 1000`, which a cap by `notAfter` puts early.
   */
  readonly issuedAt?: number | undefined;
  readonly scope: string;
  readonly actAssertion?: string | undefined;
  /**
   * The human the token was asked for, as an IAM id: the request's `act.sub` (the IdP's user id;
   * the subject an RFC 8693 §4.1 token names, the agent being its actor), as
   * `TokenProviderIdentity.humanId` names it. Set by the adapter kit; undefined for a token made
   * without it (a user's own provider). `@dual-auth/client` refuses a call whose
   * `identity.humanId` names another human. No string form shows it (they name no human, as they
   * blank the human in `scope`), nor does a spread or `structuredClone` copy it: read it here.
   */
  readonly humanId?: string | undefined;
  /**
   * The agent the token was asked for: its client id (the request's `agentId`; the RFC 8693
   * §4.1 actor). Set and checked as {@link DualSubjectToken.humanId}; `toJSON` and `util.inspect`
   * show it, as log lines show `agent_id`.
   */
  readonly agentId?: string | undefined;
}

/** What {@link createDualSubjectToken} takes. */
export interface DualSubjectTokenInit {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  scope: string;
  actAssertion?: string | undefined;
  /**
   * When the IdP answered, in ms since the epoch, or earlier (the start of the request that got
   * it); `expiresAt` counts from here, and the token's `issuedAt` is this.
   */
  issuedAt: number;
  /**
   * A hard end in ms since the epoch, when a credential that travels with the token expires
   * sooner than the token (Entra ID's act assertion: 300 s, against the token's hour).
   * `expiresAt` is the earlier of the two; `expiresIn` stays what the IdP said.
   */
  notAfter?: number | undefined;
  /**
   * Who the token was asked for: the act's strings (id, email, name, login; the adapter kit passes
   * `peopleOf(request)`), blanked with every email address in the scope that `String()`,
   * `JSON.stringify` and `util.inspect` show (an IdP may grant a per-user scope such as
   * `files:u-1`), never kept; `scope` itself stays as granted. None: only emails are blanked.
   *
   * @throws TypeError when not an array of strings.
   */
  people?: readonly string[] | undefined;
  /**
   * The scope as the token this one is rebuilt from showed it (its `toJSON().scope`), for a copy
   * made without that token's `people` (recounted, read back from a store): shown instead of
   * `scope`, blanked again of emails and `people`, so a copy blanks what the original did. None:
   * `scope` is shown.
   *
   * @throws TypeError when not a string.
   */
  shownScope?: string | undefined;
  /**
   * Who the token was asked for, as IAM ids (the request's `act.sub` and `agentId`; never an
   * email claim or a name): the token's `humanId` and `agentId`. A copy passes the original's.
   *
   * @throws TypeError when not a non-empty string.
   */
  humanId?: string | undefined;
  /** See {@link DualSubjectTokenInit.humanId}. */
  agentId?: string | undefined;
}

function checkId(id: unknown, field: string): void {
  if (id !== undefined && (typeof id !== 'string' || id === '')) {
    throw new TypeError(
      `${field} must be a non-empty string (an IAM id: who the token was asked for)`,
    );
  }
}

function checkInit(init: DualSubjectTokenInit): void {
  if (typeof init !== 'object' || init === null) {
    throw new TypeError('createDualSubjectToken: init must be an object');
  }
  const { people } = init;
  if (
    people !== undefined &&
    !(Array.isArray(people) && people.every((p) => typeof p === 'string'))
  ) {
    throw new TypeError(
      'people must be an array of strings (the act values to blank in the scope shown)',
    );
  }
  if (init.shownScope !== undefined && typeof init.shownScope !== 'string') {
    throw new TypeError('shownScope must be a string (the scope an earlier token showed)');
  }
  checkId(init.humanId, 'humanId');
  checkId(init.agentId, 'agentId');
  if (typeof init.issuedAt !== 'number' || !Number.isFinite(init.issuedAt)) {
    throw new TypeError('issuedAt must be a finite number of ms since the epoch');
  }
  // An expiry that overflows (1e306 s) would leave the issue time, `expiresAt - expiresIn × 1000`,
  // NaN: a time no delegation cut-off refuses.
  if (
    typeof init.expiresIn !== 'number' ||
    !(init.expiresIn >= 0) ||
    !Number.isFinite(init.issuedAt + init.expiresIn * 1000)
  ) {
    throw new TypeError(
      'expiresIn must be a number of seconds, 0 or more, ending at a finite time',
    );
  }
}

/**
 * The key of the scope a token of {@link createDualSubjectToken} shows, read by
 * {@link shownScopeOf}. `Symbol.for`, so a token made by another copy of core is read too.
 */
const SHOWN_SCOPE = Symbol.for('dual-auth.token.shownScope');

class RedactedDualSubjectToken implements DualSubjectToken {
  readonly #accessToken: string;
  readonly #actAssertion: string | undefined;
  // Private, read through a getter like the secrets: an own `scope` would show the emails and
  // people it may name through a spread, `Object.entries` or `structuredClone` of the token.
  readonly #scope: string;
  /** `scope` as the string forms show it: personal text blanked. */
  readonly #shownScope: string;
  // Private, as `scope`: a spread or clone copies neither (the human's id may be an email).
  readonly #humanId: string | undefined;
  readonly #agentId: string | undefined;
  declare readonly tokenType: string;
  declare readonly expiresIn: number;
  declare readonly expiresAt: number;
  declare readonly issuedAt: number;

  constructor(init: DualSubjectTokenInit) {
    checkInit(init);
    this.#accessToken = init.accessToken;
    this.#actAssertion = init.actAssertion;
    this.tokenType = init.tokenType;
    this.expiresIn = init.expiresIn;
    const end = init.issuedAt + init.expiresIn * 1000;
    this.expiresAt = init.notAfter === undefined ? end : Math.min(end, init.notAfter);
    this.issuedAt = init.issuedAt;
    this.#scope = init.scope;
    const scope =
      init.shownScope ?? (typeof init.scope === 'string' ? init.scope : typeof init.scope);
    this.#shownScope = withoutPersonalText(scope, init.people ?? []);
    this.#humanId = init.humanId;
    this.#agentId = init.agentId;
    // Not enumerable, so no string form lists it; read-only, as the token is frozen.
    Object.defineProperty(this, SHOWN_SCOPE, { value: this.#shownScope });
    defineInspect(this, () => `DualSubjectToken ${JSON.stringify(this.toJSON())}`);
    Object.freeze(this);
  }

  get accessToken(): string {
    return this.#accessToken;
  }

  get actAssertion(): string | undefined {
    return this.#actAssertion;
  }

  /** The scope as granted, personal text included: never in a string form (see `toJSON`). */
  get scope(): string {
    return this.#scope;
  }

  get humanId(): string | undefined {
    return this.#humanId;
  }

  get agentId(): string | undefined {
    return this.#agentId;
  }

  /** The reference's redacted `repr`, field for field. */
  toString(): string {
    const assertion = this.#actAssertion === undefined ? 'None' : REDACTED;
    return `TokenResponse(token_type=${this.tokenType}, expires_in=${this.expiresIn}, scope=${this.#shownScope}, access_token=${REDACTED}, act_assertion=${assertion})`;
  }

  toJSON(): Record<string, unknown> {
    return {
      tokenType: this.tokenType,
      expiresIn: this.expiresIn,
      expiresAt: this.expiresAt,
      scope: this.#shownScope,
      accessToken: REDACTED,
      ...(this.#actAssertion === undefined ? {} : { actAssertion: REDACTED }),
      ...(this.#agentId === undefined ? {} : { agentId: this.#agentId }),
    };
  }
}

/**
 * Makes a {@link DualSubjectToken} whose `accessToken` and `actAssertion` are readable as
 * properties but redacted in every string form.
 *
 * @throws TypeError when a time is not a finite number, `expiresAt` overflowing included, so no
 * cache keeps a token it cannot renew.
 * @example
 * const token = createDualSubjectToken({ accessToken, tokenType: 'Bearer', expiresIn: 300, scope: 'finance.read', issuedAt: Date.now() });
 * `${token}` // TokenResponse(token_type=Bearer, …, access_token=***REDACTED***, act_assertion=None)
 */
export function createDualSubjectToken(init: DualSubjectTokenInit): DualSubjectToken {
  return new RedactedDualSubjectToken(init);
}

/**
 * The scope `token`'s string forms show (a token of {@link createDualSubjectToken} shows it with
 * emails and its `people` blanked), to pass as `shownScope` to a copy of it. Read from the token's
 * `Symbol.for('dual-auth.token.shownScope')` property, never parsed from a string form; undefined for a token made otherwise
 * (its copy then blanks the emails in `scope`).
 *
 * @example
 * createDualSubjectToken({ ...fields, scope: token.scope, shownScope: shownScopeOf(token) });
 */
export function shownScopeOf(token: DualSubjectToken): string | undefined {
  const shown = (token as { [SHOWN_SCOPE]?: unknown })[SHOWN_SCOPE];
  return typeof shown === 'string' ? shown : undefined;
}

/** Python parity: the reference calls this type `TokenResponse`. */
export type TokenResponse = DualSubjectToken;
