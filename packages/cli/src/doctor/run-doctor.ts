import {
  type Clock,
  ConfigurationError,
  checkOption,
  checkValue,
  createSubjectToken,
  type DoctorAdvice,
  type DoctorCheckId,
  type DoctorFix,
  type DualAuthPlugin,
  type EnvRecord,
  type ImportModule,
  type Logger,
  loggerOrDefault,
  ownOptions,
  readEnv,
  requireValue,
  systemClock,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import { ADAPTER_DEFAULTS, readBoundedBody } from '@dual-auth/core/adapter-kit';
import type { DelegationLayout, TokenProfile } from '@dual-auth/core/jwt';
import { getConfig } from '@dual-auth/core/node';
import { decodeJwt } from 'jose';
import { adapterOf } from './adapter-of-plugin.js';
import { type ApiAppKeys, checkActAssertion, loadAppKey } from './check-app-key.js';
import { type CheckOutcome, checkToken } from './check-token.js';
import { configWarningsLogger } from './config-warnings-logger.js';
import type { DoctorCheckResult, DoctorReport, DoctorReportCheckId } from './doctor-report.js';
import { findAdapterPlugin } from './find-adapter-plugin.js';
import { loadDoctorAdvice } from './load-doctor-advice.js';
import { loadTokenProfile } from './load-token-profile.js';
import { markMissingProfile } from './mark-missing-profile.js';
import { describeNetworkFailure, type TokenEndpoint } from './network-failure.js';
import { networkStep } from './network-step.js';
import { boundedImport, DEFAULT_PLUGIN_TIMEOUT_MS, settleWithin } from './plugin-deadline.js';
import { outcomesOfTokenFailure } from './token-failure.js';
import { unknownVariableWarnings } from './unknown-variables.js';
import { withoutPersonalData, withoutPersonalText } from './without-personal-data.js';

const ORDER: readonly DoctorReportCheckId[] = [
  'token-endpoint',
  'client-authentication',
  'human',
  'app-key',
  'audience',
  'scopes',
  'agent-role',
  'lifetime',
];

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The test human's IAM id (`sub`; Entra: the user's `sub` the act assertion names). */
  readonly human: string;
  /**
   * The human's own token, for the delegation modes (token exchange, on-behalf-of, ID-JAG): the
   * subject token the agent exchanges. Read from a file by the CLI, never from the command line.
   */
  readonly subjectToken?: string | undefined;
  /** `access` (default) or `id`: the kind of {@link DoctorOptions.subjectToken}. */
  readonly subjectTokenKind?: 'access' | 'id' | undefined;
  /** Scopes to request, and that the token must carry. */
  readonly scopes?: readonly string[] | undefined;
  /** The `aud` the API expects. */
  readonly audience?: string | undefined;
  /** The role the API expects the agent to hold. */
  readonly role?: string | undefined;
  /** The longest token lifetime the API accepts, in seconds. Default 86 400. */
  readonly maxLifetimeSeconds?: number | undefined;
  /**
   * The key the API verifies the app's act assertions with (Entra ID), for the `app-key` check;
   * without it that check says what it could not verify and is `skip`.
   */
  readonly apiAppKeys?: ApiAppKeys | undefined;
  /**
   * How long the token endpoint has to answer, in ms (the adapter's `totalTimeoutMs`, measured on
   * `clock`; one attempt, no retry), and the JWKS download's. A whole number from 100 to 2^31-1
   * (the longest timer delay). Default 10 000.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * How long each module the doctor imports (the adapter and secrets packages, the doctor advice)
   * has to load, in ms on `clock`; and how long past `timeoutMs` an adapter may go on, on a real
   * timer (one that ignores its `totalTimeoutMs`). A whole number from 100 to 2^31-1. Default
   * 10 000. Past it, a `ConfigurationError` naming the module or the vendor.
   */
  readonly pluginTimeoutMs?: number | undefined;
  /** Read as `getConfig` reads them (with the secrets store they name). */
  readonly env?: EnvRecord | undefined;
  readonly plugins?: readonly DualAuthPlugin[] | undefined;
  readonly importModule?: ImportModule | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * The clock `timeoutMs` is measured on (core's `Clock`): its `setTimer`, when it has one, runs
   * the token request's deadline, so a test decides when the deadline passes. Default: the system
   * clock (a real timer).
   */
  readonly clock?: Clock | undefined;
  /**
   * Told when a step that waits on the network starts and how it ends (the CLI's progress line):
   * `done`, or `failed` when it brought no token or failed its check.
   */
  readonly onProgress?: ((step: string, state: 'start' | 'done' | 'failed') => void) | undefined;
  /**
   * Where the events of `getConfig`, the secrets store and the adapter go (docs/logging.md).
   * Default: core's default logger (`DUAL_AUTH_LOG=json` writes them on `console.log`).
   */
  readonly logger?: Logger | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout's longest delay (2^31-1 ms), the longest --timeout-ms.
const MAX_TIMER_MS = 2_147_483_647;
/** How the refusal of a subject token in the legacy layout begins (the CLI names its flag). */
export const LEGACY_SUBJECT_TOKEN =
  'options.subjectToken is for the delegation modes, which exchange the human’s own token';

/** The most of a token answer read, by the adapter and by the doctor alike (bytes). */
const MAX_ANSWER_BYTES = ADAPTER_DEFAULTS.maxResponseBytes;

const importByName: ImportModule = (specifier) => import(/* @vite-ignore */ specifier);

/**
 * Requests a token for a test human with the configuration `getConfig` reads, decodes it and
 * checks it one by one; each failed check carries the vendor's IdP-side fix (the module its
 * plugin's `doctorAdvice` names). Never returns or logs the token, the secret or the human's id.
 *
 * Env: what `getConfig` reads for the configured vendor and secrets store.
 *
 * The token is judged with the token profile the API reads it with
 * (`DoctorAdvice.tokenProfileVendor`: an `OAUTH_PRESET`'s, from `@dual-auth/adapter-<vendor>`).
 * When that package cannot be loaded every check still runs, with the advice's own profile, and
 * the checks that read the profile (`human`, `scopes`, `agent-role`) fail saying to install it.
 *
 * @throws TypeError when `options` is not an object (`options must be an object, got undefined`).
 * @throws TypeError for a `subjectToken` with a vendor of the legacy layout (it would go unused),
 *   before any request.
 * @throws ConfigurationError or SecretsBackendError from `getConfig` (nothing was requested);
 * TypeError for a `timeoutMs` out of range, before anything is read; the adapter's `TypeError` for
 * a bad input (an empty human id); ConfigurationError for a module that does not load within
 * `pluginTimeoutMs`, an adapter plugin whose `createAdapter` returns no adapter (a promise), or an
 * adapter that has not answered `pluginTimeoutMs` past `timeoutMs`.
 * @example
 * const report = await runDoctor({ human: 'u-1', scopes: ['finance.read'], role: 'FinanceAgent' });
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function runDoctor(given: DoctorOptions): Promise<DoctorReport> {
  // Own properties only: an inherited `fetch` would receive the tokens the doctor requests.
  const options = ownOptions(requireValue(given, 'options', 'object') as DoctorOptions);
  // The adapter takes any positive delay; one past 2^31-1 ms would fire at once ("no answer").
  const timeoutMs =
    checkValue(options.timeoutMs, 'options.timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const pluginTimeoutMs =
    checkValue(options.pluginTimeoutMs, 'options.pluginTimeoutMs', 'timeoutMs') ??
    DEFAULT_PLUGIN_TIMEOUT_MS;
  const plugins = options.plugins ?? [];
  const clock = options.clock ?? systemClock;
  const importModule = boundedImport(options.importModule ?? importByName, pluginTimeoutMs, clock);
  const warnings: string[] = [];
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  // Teed: the report shows the warnings, the logger still gets every event.
  const config = await getConfig({
    env: options.env,
    plugins,
    importModule,
    logger: configWarningsLogger(warnings, logger),
  });
  const plugin = await findAdapterPlugin(config.vendor, plugins, importModule);
  warnings.push(...unknownVariableWarnings(options.env ?? readEnv(), plugin));
  const advice = await loadDoctorAdvice(plugin, importModule);
  const layout: DelegationLayout = advice.layout?.(config) ?? 'legacy';
  // The legacy layout's adapters exchange no token: one given would pass every check unused.
  if (layout === 'legacy' && options.subjectToken !== undefined) {
    throw new TypeError(
      `${LEGACY_SUBJECT_TOKEN}; vendor ${config.vendor} requests the legacy layout, which sends none: leave it out, or set DUAL_AUTH_VENDOR=oauth with OAUTH_PRESET (or OAUTH_MODE) of @dual-auth/adapter-oauth to exchange it`,
    );
  }
  const humanIdClaim = layout === 'rfc8693' ? advice.humanIdClaim?.(config) : undefined;
  const appKey = layout === 'legacy' ? advice.appKey : undefined;
  const judgedWith = await loadTokenProfile(advice, config, plugins, importModule);
  const tokenProfile = judgedWith.profile;
  const report = (outcomes: readonly CheckOutcome[]): DoctorReport => {
    const checks = ORDER.filter((id) => id !== 'app-key' || appKey !== undefined).map((id) =>
      withFix(outcomes, id, advice, layout),
    );
    return {
      ok: checks.every((check) => check.status !== 'fail'),
      vendor: config.vendor,
      layout,
      ...(warnings.length === 0 ? {} : { warnings }),
      checks,
    };
  };
  const keyFailure = appKey === undefined ? undefined : await loadAppKey(appKey, config);
  if (keyFailure !== undefined) return report([keyFailure]);
  // The body of the token endpoint's last 200, used only when the adapter refused the token it
  // carried (a delegated token the API would refuse): its checks then say what to fix. Read from a
  // clone beside the adapter's own read, as far as the adapter reads (its byte limit): a clone left
  // unread until later held the adapter's cancel of a too-large answer (a tee's branch is cancelled
  // together with the other) until its deadline, and was then read without a bound.
  let lastBody: Promise<Uint8Array | undefined> | undefined;
  // The status of the last answer whose headers came: past the deadline, its body was too slow.
  let answeredStatus: number | undefined;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    answeredStatus = undefined;
    const response = await (options.fetch ?? globalThis.fetch)(input, init);
    answeredStatus = response.status;
    lastBody = response.ok
      ? readBoundedBody(response.clone(), MAX_ANSWER_BYTES, 'token answer').catch(() => undefined)
      : undefined;
    return response;
  };
  const adapter = adapterOf(plugin, config, {
    fetch,
    clock,
    logger,
    retry: false,
    // One attempt: the deadline on `clock` is its timeout. The attempt's own timer is a real one,
    // so it is set past the deadline: a clock a test moves decides, never the machine's speed.
    timeoutMs: MAX_TIMER_MS,
    totalTimeoutMs: timeoutMs,
    maxResponseBytes: MAX_ANSWER_BYTES,
  });
  const subjectToken =
    options.subjectToken === undefined
      ? undefined
      : createSubjectToken(
          options.subjectToken,
          options.subjectTokenKind === 'id' ? TOKEN_TYPE.idToken : TOKEN_TYPE.accessToken,
        );

  const endpoint: TokenEndpoint = {
    url: config.tokenUrl,
    variable: plugin.settings.find((setting) => setting.field === 'tokenUrl')?.variable,
  };
  const token = await networkStep(
    options,
    `requesting a token from ${new URL(config.tokenUrl).host}`,
    async () => {
      const startedMs = clock.now();
      try {
        // On a real timer past the clock's deadline: the adapter's own deadline answers first.
        return await settleWithin(
          adapter.requestToken({
            agentId: config.clientId,
            act: { sub: options.human },
            scope: [...(options.scopes ?? [])],
            subjectToken,
          }),
          timeoutMs + pluginTimeoutMs,
          systemClock,
          () =>
            new ConfigurationError({
              message: `the ${config.vendor} adapter did not answer within --timeout-ms (${timeoutMs} ms) and ${pluginTimeoutMs} ms more: its requestToken ignores the totalTimeoutMs it is given, a fault of the adapter plugin; fix it, or give --plugin-timeout-ms more milliseconds`,
              variable: 'DUAL_AUTH_VENDOR',
            }),
        );
      } catch (error) {
        // A certificate this runtime does not trust: the adapter's ConfigurationError, about
        // NODE_EXTRA_CA_CERTS. The token endpoint is what the operator fixes it for.
        if (ConfigurationError.isInstance(error) && error.variable === 'NODE_EXTRA_CA_CERTS') {
          const detail = describeNetworkFailure(error.cause, endpoint);
          return [{ id: 'token-endpoint', status: 'fail', detail, local: true }] as CheckOutcome[];
        }
        // Anything else is a mistake of ours or of the input (a bad human id), not the IdP's.
        if (!TokenRequestError.isInstance(error)) throw error;
        // The adapter's deadline is timeoutMs by the same clock: past it, the endpoint did not answer.
        const timedOut = clock.now() - startedMs >= timeoutMs;
        // The IdP answered with a token (HTTP 200) that the adapter refused for a claim of its own
        // (aud, iss, exp, the act chain): the doctor's checks of that token say what to fix on the
        // IdP. A token for another human or client (`mismatch`) is filed by outcomesOfTokenFailure.
        const refused =
          !timedOut && error.status === 200 && error.mismatch === undefined
            ? tokenOf(await lastBody)
            : undefined;
        // The adapter's message quotes the IdP's text, which may echo the human or an email.
        if (refused !== undefined) {
          const refusal = withoutPersonalText(error.message, options.human);
          return { accessToken: refused, actAssertion: undefined, refusal };
        }
        return withoutPersonalData(
          outcomesOfTokenFailure(
            error,
            timedOut ? timeoutMs : undefined,
            endpoint,
            timedOut ? answeredStatus : undefined,
            subjectToken !== undefined,
          ),
          options.human,
        );
      }
    },
    Array.isArray,
  );
  if (Array.isArray(token)) return report(token);
  const outcomes: CheckOutcome[] = [
    { id: 'token-endpoint', status: 'pass', detail: 'answered with a token' },
    { id: 'client-authentication', status: 'pass', detail: `client ${config.clientId}` },
    ...markMissingProfile(
      checkDecoded(token.accessToken, token.actAssertion, {
        tokenProfile,
        layout,
        humanIdClaim,
        sharedAudienceReason:
          options.audience === undefined ? undefined : judgedWith.sharedAudience(options.audience),
        options,
        clientId: config.clientId,
        nowSeconds: Math.floor(clock.now() / 1000),
      }),
      judgedWith,
    ),
  ];
  // A refusal the doctor's own checks did not see still fails the report, on the human check.
  if ('refusal' in token && outcomes.every((outcome) => outcome.status !== 'fail')) {
    // The report reads the first outcome of a check: this one replaces the human check's pass.
    // Its fix is the refusal's own: the claim it names may be the agent's setting (OAUTH_ISSUER
    // written otherwise than the server's issuer), not the IdP's.
    outcomes.unshift({ id: 'human', status: 'fail', detail: token.refusal, fix: REFUSAL_FIX });
  }
  if (appKey !== undefined) {
    const { apiAppKeys } = options;
    const check = () =>
      checkActAssertion({
        assertion: token.actAssertion,
        tokenClaims: decodeOrEmpty(token.accessToken),
        tokenProfile,
        human: options.human,
        advice: appKey,
        apiKeys: apiAppKeys,
        nowMs: clock.now(),
      });
    // A JWKS resolver downloads the key: a step that waits on the network.
    outcomes.push(
      typeof apiAppKeys?.keys === 'function'
        ? await networkStep(
            options,
            `verifying the act assertion with ${apiAppKeys.source}`,
            check,
            (outcome) => outcome.status === 'fail',
          )
        : await check(),
    );
  }
  return report(outcomes);
}

/** The fix of a token the agent refused after the IdP issued it, for a claim no check reads. */
const REFUSAL_FIX: DoctorFix = {
  fix: 'The IdP issued a token that the agent refused, as the API would: change what the line above says — the setting it names (OAUTH_ISSUER, OAUTH_RESOURCE_ISSUER, API_AUDIENCE, OAUTH_RESOURCE) when that setting is wrong, else the IdP as it says.',
  consolePath: "the agent's environment, or the IdP's token settings",
  docs: 'https://github.com/dual-auth/dual-auth-js/blob/main/packages/adapter-oauth/README.md',
};

/** The access token of a token-endpoint answer's body, or undefined when there is none to read. */
function tokenOf(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const token = (body as { access_token?: unknown } | null)?.access_token;
  return typeof token === 'string' ? token : undefined;
}

function decodeOrEmpty(token: string): Record<string, unknown> {
  try {
    return decodeJwt(token);
  } catch {
    return {};
  }
}

function checkDecoded(
  accessToken: string,
  actAssertion: string | undefined,
  context: {
    tokenProfile: TokenProfile;
    layout: DelegationLayout;
    humanIdClaim: string | undefined;
    sharedAudienceReason: string | undefined;
    options: DoctorOptions;
    clientId: string;
    nowSeconds: number;
  },
): CheckOutcome[] {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return [{ id: 'human', status: 'fail', detail: 'the access token is not a JWT' }];
  }
  const { options } = context;
  return checkToken({
    claims,
    actAssertion,
    profile: context.tokenProfile,
    layout: context.layout,
    humanIdClaim: context.humanIdClaim,
    expect: {
      human: options.human,
      clientId: context.clientId,
      audience: options.audience,
      sharedAudienceReason: context.sharedAudienceReason,
      scopes: options.scopes,
      role: options.role,
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 86_400,
      nowSeconds: context.nowSeconds,
    },
  });
}

function withFix(
  outcomes: readonly CheckOutcome[],
  id: DoctorReportCheckId,
  advice: DoctorAdvice,
  layout: DelegationLayout,
): DoctorCheckResult {
  const outcome = outcomes.find((o) => o.id === id);
  if (outcome === undefined) return { id, status: 'skip', detail: 'not reached: no token' };
  const { fix, local, ...result } = outcome;
  // An outage (retry later) has no fix: the configuration may be right.
  if (result.status !== 'fail' || local || result.unavailable) return result;
  // app-key outcomes carry their fix; the others take the vendor's fix of their check.
  return { ...result, ...(fix ?? advice.fixFor(id as DoctorCheckId, layout)) };
}
