import type { EnvRecord } from '../contracts/plugin-modules.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { errorClassOf } from '../errors/error-class-of.js';

interface ProcessLike {
  readonly env?: EnvRecord;
}

interface RuntimeLike {
  readonly process?: ProcessLike | undefined;
  readonly navigator?: { readonly userAgent?: unknown } | undefined;
}

interface DenoPermissions {
  querySync?(descriptor: { name: 'env'; variable: string }): { readonly state: string };
}

/**
 * The process environment, read at call time: `process.env` on Node, Bun and Deno, an empty record
 * on runtimes without one (browsers, edge workers: pass their `env` explicitly instead).
 *
 * This is the only place in dual-auth that touches `process.env`; everything else takes an
 * injected `env` that defaults to `readEnv()` when it is called.
 *
 * Off Node, a variable the runtime refuses to read (Deno without `--allow-env`, or with an
 * `--allow-env=…` list that leaves it out: Deno's own error names neither) throws a
 * {@link ConfigurationError} naming the variable and the flag, with the runtime's error as its
 * `cause`.
 *
 * @throws ConfigurationError from a read of the record, as above.
 * @example
 * const env = readEnv();
 * env.DUAL_AUTH_VENDOR; // 'acme' | undefined
 */
export function readEnv(): EnvRecord {
  return envOf(globalThis as RuntimeLike);
}

// What readEnv gives on a runtime without `process` (browsers, Workers without nodejs_compat):
// one record, so that a reader can tell it from an env it was given.
const NO_PROCESS_ENV: EnvRecord = /* @__PURE__ */ Object.freeze({});

/** The last environment wrapped by {@link envOf}, and its wrapper. */
let checked: { readonly env: EnvRecord; readonly view: EnvRecord } | undefined;

/**
 * {@link readEnv} of `runtime`: its `process.env` as it is on Node (a hot path reads it on every
 * call), elsewhere behind a view whose refused reads throw a {@link ConfigurationError} that says
 * what to do.
 */
export function envOf(runtime: RuntimeLike): EnvRecord {
  // Not named `process`: the edge-bundle checks refuse that bare name in browser/edge bundles.
  const env = runtime.process?.env;
  if (env == null) return NO_PROCESS_ENV;
  if (String(runtime.navigator?.userAgent).startsWith('Node.js/')) return env;
  if (checked?.env !== env) {
    checked = {
      env,
      view: new Proxy(env, {
        get: explained(Reflect.get),
        has: explained(Reflect.has),
        // What envVariable's Object.hasOwn asks: Deno's env view reads the variable for it.
        getOwnPropertyDescriptor: explained(Reflect.getOwnPropertyDescriptor),
      }),
    };
  }
  return checked.view;
}

const explained =
  <T>(read: (target: EnvRecord, name: string | symbol) => T) =>
  (target: EnvRecord, name: string | symbol): T => {
    try {
      return read(target, name);
    } catch (error) {
      const variable = String(name);
      throw new ConfigurationError({
        message: `Environment variable '${variable}' could not be read (${errorClassOf(error)}): on Deno, run with --allow-env=${variable} (or --allow-env), or pass the variables as the \`env\` option`,
        variable,
        cause: error,
      });
    }
  };

/**
 * Whether `variable` can be read from `env` without the runtime asking for it: false only when
 * `env` is the process environment (or {@link readEnv}'s view of it) on Deno and `--allow-env`
 * does not grant `variable`, where a read stops at a permission prompt in a terminal (and is
 * refused without one). Asked through `Deno.permissions.querySync`, which never prompts
 * (https://docs.deno.com/api/deno/~/Deno.Permissions). For reads a run can do without, as a
 * warning's.
 *
 * @throws TypeError from Deno for a variable name it cannot ask about (empty, or with `=`).
 */
export function readableUnasked(env: EnvRecord, variable: string): boolean {
  const runtime = globalThis as RuntimeLike & { Deno?: { permissions?: DenoPermissions } };
  if (env !== checked?.view && env !== runtime.process?.env) return true;
  const state = runtime.Deno?.permissions?.querySync?.({ name: 'env', variable }).state;
  return (state ?? 'granted') === 'granted';
}

/**
 * Whether `env` is {@link readEnv}'s record on Cloudflare Workers (`navigator.userAgent`
 * `Cloudflare-Workers`), where a Worker's variables and secrets are bindings of its `env`
 * argument: in `process.env` only with nodejs_compat from the 2025-04-01 compatibility date
 * (https://developers.cloudflare.com/workers/configuration/environment-variables/). For advice
 * on a missing variable.
 */
export function isWorkersProcessEnv(env: EnvRecord): boolean {
  const runtime = globalThis as RuntimeLike;
  return (
    runtime.navigator?.userAgent === 'Cloudflare-Workers' &&
    (env === NO_PROCESS_ENV || env === checked?.view)
  );
}
