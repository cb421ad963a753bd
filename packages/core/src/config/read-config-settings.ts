import type { ConfigSetting } from '../contracts/plugin-modules.js';
import type { SecretsBackend } from '../contracts/secrets-backend.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { envVariable } from './env-variable.js';
import { refuseInvisibleCharacters } from './refuse-invisible-characters.js';
import { refuseWrappingQuotes } from './refuse-wrapping-quotes.js';

/** The values read for a vendor's settings, by variable name; optional ones may be absent. */
export type SettingValues = Readonly<Record<string, string | undefined>>;

/**
 * Reads a vendor's settings from `backend`. The reads run in parallel (one round trip to a cloud
 * store instead of seven); when several fail, the error reported is the first in the settings'
 * order, as if they had been read one by one (`docs/wire-format.md#reading-order`).
 *
 * `env` is only consulted when a required setting is missing from a store other than the
 * environment: if the environment holds it, the error says so (a migration that moves the secret
 * to a store and leaves the token URL in the environment), never quoting the value.
 *
 * @throws SecretsBackendError from the backend (missing secret, access denied, …).
 * @throws ConfigurationError naming the variable when a required value is blank.
 */
export async function readConfigSettings(
  settings: readonly ConfigSetting[],
  backend: SecretsBackend,
  signal: AbortSignal | undefined,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<SettingValues> {
  const results = await Promise.allSettled(
    settings.map(({ variable, optional }) =>
      backend.getSecret(variable, {
        required: optional !== true,
        ...(signal === undefined ? {} : { signal }),
      }),
    ),
  );
  const values: Record<string, string | undefined> = {};
  for (const [index, result] of results.entries()) {
    const setting = settings[index] as ConfigSetting;
    if (result.status === 'rejected') {
      throw await missingButInEnvironment(setting, result.reason, backend, signal, env);
    }
    values[setting.variable] = checkValue(setting, result.value);
  }
  return values;
}

/**
 * The store's error for a required setting, told that the environment holds it when the store
 * has none: with a store, the vendor's settings come from it alone (the reference's rule), so a
 * token URL left in the environment is not seen, and "not found" alone points at the store.
 */
async function missingButInEnvironment(
  setting: ConfigSetting,
  reason: unknown,
  backend: SecretsBackend,
  signal: AbortSignal | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<unknown> {
  const { variable } = setting;
  const name = backend.backendName;
  if (!SecretsBackendError.isInstance(reason) || name === 'environment') return reason;
  if ((envVariable(env, variable) ?? '').trim() === '') return reason;
  // Only a setting the store does not have: an access denied or an outage stays as it is.
  const stored = await backend
    .getSecret(variable, { required: false, ...(signal === undefined ? {} : { signal }) })
    .then(
      (value) => value !== undefined,
      () => true,
    );
  if (stored) return reason;
  return new SecretsBackendError({
    message:
      `${reason.message} ${variable} is set in the environment, but with the ${name} secrets ` +
      'backend every vendor setting is read from the store alone: store it there too, or unset ' +
      'DUAL_AUTH_SECRETS_BACKEND.',
    backend: name,
    key: variable,
    ...(reason.hint === undefined ? {} : { hint: reason.hint }),
    cause: reason,
  });
}

function checkValue(setting: ConfigSetting, value: unknown): string | undefined {
  const { variable, optional = false, kind = 'text' } = setting;
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') {
    throw new ConfigurationError({ message: `${variable} must be a string`, variable });
  }
  if (value.trim() === '') {
    // Cloud stores accept empty strings; the reference took them as values
    // (docs/wire-format.md#empty-values).
    if (optional) return undefined;
    throw new ConfigurationError({ message: `${variable} cannot be empty`, variable });
  }
  if (kind === 'secret') refuseUnwritableSecret(variable, value);
  // Secrets are kept byte for byte (a client secret is an HMAC key); a PEM has line breaks.
  if (kind === 'secret' || kind === 'private-key-pem') return value;
  // The rest is trimmed, and sent as it is then: nothing invisible, nor a .env line's quotes.
  refuseInvisibleCharacters(variable, value);
  refuseWrappingQuotes(variable, value);
  return value.trim();
}

/**
 * A client secret is visible ASCII and spaces (`*VSCHAR`, RFC 6749 Appendix A.2). A line break, a
 * control character or a byte-order mark is what `echo`, an editor or `kubectl create secret
 * --from-file` leaves in a secret file or store value; a zero-width space (a format character)
 * comes with a secret copied from a web page, U+FFFD is what a lenient decoder left of bytes that
 * were not UTF-8, and a lone surrogate is sent as U+FFFD's bytes; sent as is, the IdP answers 401
 * invalid_client with nothing pointing at the byte. Names what it holds, never the value.
 */
function refuseUnwritableSecret(variable: string, value: string): void {
  const what = /[\r\n]/.test(value)
    ? 'a line break'
    : value.includes('\uFEFF')
      ? 'a byte-order mark'
      : /\p{Cc}/u.test(value)
        ? 'a control character'
        : /[\p{Cf}\p{Cs}\uFFFD]/u.test(value)
          ? 'an invisible or non-UTF-8 character'
          : undefined;
  if (what === undefined) return;
  throw new ConfigurationError({
    message:
      `${variable} holds ${what}, which no client secret has (RFC 6749 Appendix A.2): ` +
      `write the value without it, e.g. printf '%s' "$SECRET" > ${variable} for a secret file`,
    variable,
  });
}
