import {
  createDualSubjectToken,
  type DualSubjectToken,
  type IamAdapter,
  SPECIFICATION_VERSION,
  type TokenRequest,
} from '@dual-auth/core';
import { type DelegationLayout, encodeBase64url } from '@dual-auth/core/jwt';

/** A JWT-shaped access token as a cache reads it: `iat` and `claims`, a signature never checked. */
export function unsignedJwtIssuedAt(iatSeconds: number, claims: Record<string, unknown> = {}) {
  return [{ alg: 'RS256', typ: 'at+jwt' }, { ...claims, iat: iatSeconds }, 'signature']
    .map((part) => encodeBase64url(typeof part === 'string' ? part : JSON.stringify(part)))
    .join('.');
}

/**
 * A real, minimal IamAdapter for unit tests: it issues opaque tokens naming the agent and the
 * human, counts its calls, and can be told to fail or to wait for a release.
 */
export class CountingAdapter implements IamAdapter {
  readonly specificationVersion = SPECIFICATION_VERSION;
  readonly vendor: string;
  /** How far back the IdP dates `iat`: set for an Entra-like adapter (see `IamAdapter`). */
  readonly iatBackdateSeconds: number | undefined;
  /** `rfc8693` for an adapter that exchanges the subject token (see `IamAdapter`); none by default. */
  readonly layout: DelegationLayout | undefined;
  readonly id: string;
  readonly audience: string | undefined = 'https://api.example.com';
  readonly requests: TokenRequest[] = [];
  expiresIn = 300;
  /**
   * When set, access tokens are JWTs whose `iat` is this many seconds after the adapter's clock
   * when the request came in (an IdP whose clock runs ahead); else opaque.
   */
  jwtIatAheadSeconds: number | undefined;
  failWith: unknown;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  readonly #now: () => number;

  constructor(
    options: {
      id?: string;
      now?: () => number;
      vendor?: string;
      iatBackdateSeconds?: number | undefined;
      layout?: DelegationLayout | undefined;
    } = {},
  ) {
    this.vendor = options.vendor ?? 'keycloak';
    this.iatBackdateSeconds = options.iatBackdateSeconds;
    this.layout = options.layout;
    this.id = options.id ?? `${this.vendor}|https://idp.example.com/token|finance-agent`;
    this.#now = options.now ?? Date.now;
  }

  get calls(): number {
    return this.requests.length;
  }

  /** Makes requests wait until {@link release} is called. */
  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  async requestToken(request: TokenRequest): Promise<DualSubjectToken> {
    this.requests.push(request);
    const mintedAtMs = this.#now();
    const gate = this.#gate;
    if (gate !== undefined) {
      await Promise.race([
        gate,
        new Promise((_, reject) => {
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
        }),
      ]);
    }
    if (this.failWith !== undefined) throw this.failWith;
    return createDualSubjectToken({
      accessToken:
        this.jwtIatAheadSeconds === undefined
          ? `at:${request.agentId}:${request.act.sub}:${this.calls}`
          : unsignedJwtIssuedAt(Math.floor(mintedAtMs / 1000) + this.jwtIatAheadSeconds, {
              n: this.calls,
            }),
      tokenType: 'Bearer',
      expiresIn: this.expiresIn,
      scope: request.scope.join(' '),
      issuedAt: this.#now(),
    });
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** A logger that keeps every event, to check what is (and is not) logged. */
export function recordingLogger() {
  const events: { level: string; event: string; fields: Record<string, unknown> | undefined }[] =
    [];
  const at =
    (level: string) =>
    (event: string, fields?: Record<string, unknown>): void => {
      events.push({ level, event, fields });
    };
  return { events, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
