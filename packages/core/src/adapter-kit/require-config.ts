import { ownOption } from '../config/check-option.js';
import { refusePositionalArguments } from '../config/refuse-positional-arguments.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * How an adapter is built from its one config object, shown by {@link requireConfigObject} to
 * a caller who passed positional arguments, as the Python library's users guess
 * (`new KeycloakAdapter(url, realm, clientId)`).
 */
export interface ConfigObjectUsage {
  /** The class, as a caller writes it after `new`: `AcmeAdapter`. */
  readonly className: string;
  /** The config object literal, fields and placeholders only: `{ tokenUrl: 'https://…', clientId, clientSecret }`. */
  readonly example: string;
  /**
   * The constructor's `arguments`, so that what follows the config is checked too: an options
   * argument that is not an object, and any argument after it (`new AcmeAdapter(config, {}, 'x')`).
   */
  readonly args?: ArrayLike<unknown> | undefined;
}

/**
 * Returns `config` when it is an object, for adapters that read it before `BaseAdapter` does.
 * With `usage`, the message shows the options-object form of that adapter, for a caller who passed
 * positional arguments (with `usage.args`, also after the config); it names the type of what was
 * given, never its value (it may be a secret).
 *
 * @throws TypeError otherwise.
 * @example
 * requireConfigObject(config, { className: 'AcmeAdapter', example: "{ tokenUrl: 'https://…', clientId, clientSecret }", args: arguments });
 */
export function requireConfigObject<C>(config: C, usage?: ConfigObjectUsage): NonNullable<C> {
  if (usage !== undefined) {
    refusePositionalArguments(usage.args ?? [config], {
      call: `new ${usage.className}`,
      example: `${usage.example}, options`,
      note: 'or the config that getConfig reads from the environment',
      takes: 'one config object',
      objects: 2,
      required: true,
    });
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError('config must be an object');
  }
  return config;
}

/**
 * The API audience a vendor requires (`API_AUDIENCE`), with the reference's message when it is
 * missing: `Auth0 adapter requires 'audience' configuration` (`label` names the vendor; without
 * one, `This adapter requires …`).
 *
 * @throws TypeError when `config` is not an object.
 * @throws ConfigurationError when `audience` is not a non-empty string.
 */
export function requireAudience(config: unknown, label = 'This'): string {
  const audience = ownOption(requireConfigObject(config), 'audience');
  if (typeof audience !== 'string' || audience === '') {
    throw new ConfigurationError({
      message: `${label} adapter requires 'audience' configuration`,
      variable: 'API_AUDIENCE',
    });
  }
  return audience;
}
