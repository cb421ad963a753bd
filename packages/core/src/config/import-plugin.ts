import { ConfigurationError } from '../errors/configuration-error.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { withheldCause } from '../errors/withheld-cause.js';

/**
 * Loads a module by specifier, like `import()`. Injectable so tests and bundled apps can hand core
 * a plugin module without a package install (e.g. `(s) => ({ '@dual-auth/adapter-okta': okta })[s]`).
 */
export type ImportModule = (specifier: string) => Promise<unknown>;

/** Options of {@link importPlugin}. */
export interface ImportPluginOptions {
  /** The setting that asked for the plugin, as `NAME=value`, for the "install it" message. */
  requestedBy: string;
  /** The environment variable behind that setting. */
  variable: string;
  /** The message when the package is missing. Default: `<requestedBy> needs <package>: npm install <package>`. */
  missingMessage?: string | undefined;
  importModule?: ImportModule | undefined;
}

// The specifier is a variable and both bundler hints are set, so bundlers leave the plugin out of
// the app's bundle instead of pulling every vendor and cloud SDK in. It is resolved from core's own
// folder only, never from the working directory or NODE_PATH: a library that holds credentials does
// not run code found by a search path it does not control (CWE-427). Where core cannot see the app's
// packages (pnpm's isolated node_modules, Yarn PnP, bundlers) the app passes `plugins`.
const importByName: ImportModule = (specifier) =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);

/**
 * Imports `@dual-auth/<plugin>` at run time, as core's own folder resolves it (never from
 * `process.cwd()`). A missing package gives a ConfigurationError that says what to install; an
 * error raised while loading an installed package (its own missing dependency, a syntax error)
 * gives a "failed to load" ConfigurationError naming its class, whose `cause` is core's
 * `withheldCause` (the class only: the error's message may quote a secret or a person).
 */
export async function importPlugin(
  packageName: string,
  options: ImportPluginOptions,
): Promise<Record<string, unknown>> {
  const importModule = options.importModule ?? importByName;
  let loaded: unknown;
  try {
    loaded = await importModule(packageName);
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new ConfigurationError({
        message:
          options.missingMessage ??
          `${options.requestedBy} needs ${packageName}: npm install ${packageName}`,
        variable: options.variable,
        packageName,
        cause: error,
      });
    }
    // Its message is not kept: a plugin's own text may quote its settings (a secret, a person).
    throw new ConfigurationError({
      message: `${packageName} is installed but failed to load: ${errorClassOf(error)} (import('${packageName}') in node says why)`,
      variable: options.variable,
      packageName,
      cause: withheldCause(error),
    });
  }
  if (typeof loaded !== 'object' || loaded === null) {
    throw new ConfigurationError({
      message: `${packageName} did not load as a module`,
      variable: options.variable,
      packageName,
    });
  }
  return loaded as Record<string, unknown>;
}

/**
 * True only when the package itself could not be found, not a dependency of it: Node, Bun, Deno
 * and Vite quote the missing specifier, so `'@dual-auth/secrets-aws'` matches while
 * `'@aws-sdk/client-secrets-manager' imported from …/@dual-auth/secrets-aws/…` does not.
 */
function isMissingPackage(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  const namesPackage = message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`);
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /cannot find (package|module)|could not find|module not found|unable to resolve|not prefixed with/i.test(
      message,
    );
  return namesPackage && notFound;
}
