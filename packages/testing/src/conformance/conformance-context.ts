import { inspect } from 'node:util';
import {
  type Act,
  type AdapterPlugin,
  ConfigurationError,
  createDualAuthConfig,
  getConfig,
  type IamAdapter,
  type TokenRequest,
  type VendorConfig,
} from '@dual-auth/core';
import type { AdapterOptions } from '@dual-auth/core/adapter-kit';
import { afterAll, beforeAll } from 'vitest';
import type { LocalIdp, StartLocalIdpOptions } from '../idp/local-idp.js';
import type { LocalIdpProfile } from '../idp/local-idp-profile.js';
import { startLocalIdp } from '../idp/start-local-idp.js';

/** Builds the adapter under test from a config and the options the suite needs. */
export type CreateConformanceAdapter<C extends VendorConfig> = (
  config: C,
  options: AdapterOptions,
) => IamAdapter;

/** The local IdP, its config and adapter factory, shared by the tests of one suite. @internal */
export interface ConformanceContext<C extends VendorConfig> {
  readonly idp: LocalIdp;
  /** The config `getConfig` reads from the IdP's environment variables. */
  readonly config: C;
  /** An adapter for `config` with `fields` replaced, on the IdP's fetch, not retrying by default. */
  adapter(options?: AdapterOptions, fields?: Readonly<Record<string, string>>): IamAdapter;
  /** A request for the configured agent acting for `alice`, scope `finance.read`. */
  request(): TokenRequest & { readonly act: Act };
}

/** Starts the vendor's local IdP before the suite's tests and stops it after. @internal */
export function conformanceContext<C extends VendorConfig>(setup: {
  readonly plugin: AdapterPlugin<C>;
  readonly profile: LocalIdpProfile;
  readonly createAdapter: CreateConformanceAdapter<C>;
  readonly idp?: Omit<StartLocalIdpOptions, 'vendor'> | undefined;
}): ConformanceContext<C> {
  const { plugin, profile, createAdapter } = setup;
  let idp: LocalIdp | undefined;
  let config: C | undefined;
  beforeAll(async () => {
    idp = await startLocalIdp({ ...setup.idp, vendor: profile });
    const env = idp.env();
    config = (await getConfig({ vendor: plugin.vendor, env, plugins: [plugin] })) as unknown as C;
  });
  afterAll(() => idp?.close());
  const started = (): { idp: LocalIdp; config: C } => {
    if (idp === undefined || config === undefined) throw new Error('the local IdP is not running');
    return { idp, config };
  };
  return {
    get idp() {
      return started().idp;
    },
    get config() {
      return started().config;
    },
    adapter(options = {}, fields = {}) {
      const { idp, config } = started();
      // The config hides its secrets from spreading; its own names include them.
      const all = Object.fromEntries(
        Object.getOwnPropertyNames(config)
          .map((name) => [name, (config as unknown as Record<string, unknown>)[name]] as const)
          .filter(([, value]) => typeof value !== 'function'),
      );
      const merged = createDualAuthConfig({ ...all, ...fields } as unknown as C);
      const adapter: unknown = createAdapter(merged, {
        fetch: idp.fetch,
        retry: false,
        ...options,
      });
      return synchronousAdapter(adapter, plugin.vendor);
    },
    request() {
      const { idp, config } = started();
      const alice = [...idp.humans.values()].find((human) => human.username === 'alice');
      if (alice === undefined) throw new Error('the local IdP has no human named alice');
      const { sub, email, name, oid } = alice;
      const act = Object.fromEntries(
        Object.entries({ sub, email, name, oid }).filter(([, value]) => value !== undefined),
      ) as Act;
      return { agentId: config.clientId, act, scope: ['finance.read'] };
    },
  };
}

/**
 * The adapter a factory returned, refused by name when it is a promise: the factory is
 * synchronous (`AdapterPlugin.createAdapter`), as core's `createAdapter` and `dual-auth doctor`
 * require. @internal
 */
export function synchronousAdapter(adapter: unknown, vendor: string): IamAdapter {
  if (typeof (adapter as { then?: unknown } | null)?.then !== 'function')
    return adapter as IamAdapter;
  Promise.resolve(adapter).catch(() => {});
  throw new ConfigurationError({
    message: `the ${vendor} adapter plugin's createAdapter returned a promise (createAdapter must return the adapter itself, not be async): fix the adapter plugin`,
    variable: 'DUAL_AUTH_VENDOR',
  });
}

/** What a promise rejected with; fails when it resolves. @internal */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, got a value');
    },
    (error: unknown) => error,
  );
}

/** Resolves once `condition` holds, checking every few milliseconds for up to 5 s. @internal */
export async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every way a value is commonly turned into text (and so into logs). @internal */
export function textForms(value: unknown): string[] {
  return [
    String(value),
    JSON.stringify(value) ?? '',
    inspect(value, { showHidden: true, depth: 9 }),
  ];
}
