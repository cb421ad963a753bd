import { ConfigurationError } from '../errors/configuration-error.js';
import { describeValue } from './describe-value.js';

/** Options of {@link parsePluginName}. */
export interface ParsePluginNameOptions {
  /** What the name is, in messages: `vendor` or `secrets backend`. */
  readonly label: string;
  /** The variable or option the name came from; errors name it. */
  readonly variable: string;
  /** When set, the only names accepted (the plugins passed explicitly), in their order. */
  readonly known?: readonly string[] | undefined;
  /** Other spellings of a name (`hashicorp` for `vault`). */
  readonly aliases?: Readonly<Record<string, string>> | undefined;
}

// A plugin name becomes part of a package name (`@dual-auth/adapter-<name>`).
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Whether `value` is a plugin name as written in a package name: lowercase letters, digits, `-`. */
export function isPluginName(value: unknown): value is string {
  return typeof value === 'string' && NAME.test(value);
}

/**
 * Checks a plugin name the way the reference checks `DUAL_AUTH_VENDOR`: trimmed and lowercased;
 * `undefined` or a blank value gives `undefined`, so callers can fall through to a default.
 * A name must be usable in a package name; with `known`, it must be one of them
 * (`Invalid vendor: 'cognito'. Must be one of: …`).
 *
 * @throws ConfigurationError naming `variable`, never showing more than 40 characters of the value.
 */
export function parsePluginName(
  value: string | undefined,
  options: ParsePluginNameOptions,
): string | undefined {
  const raw = value?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  const name = options.aliases?.[raw] ?? raw;
  const { known, label, variable } = options;
  if (known !== undefined && !known.includes(name)) {
    throw new ConfigurationError({
      message: `Invalid ${label}: '${describeValue(raw)}'. Must be one of: ${known.join(', ')}`,
      variable,
    });
  }
  if (!isPluginName(name)) {
    throw new ConfigurationError({
      message: `Invalid ${label}: '${describeValue(raw)}'. A ${label} name is lowercase letters, digits and '-'`,
      variable,
    });
  }
  return name;
}
