// The API side imports only its vendor's token profile (`keycloakTokenProfile`, …). The published
// dist joins each entry's modules into a few files, so a bundler drops what the API does not use
// statement by statement: a plugin object whose `settings` was a bare call and spread kept itself,
// its adapter class, BaseAdapter and core's whole adapter kit (the token requests) in the API's
// bundle: 34 KB min+gzip for `keycloakTokenProfile` alone. The plugin below bundles the sources as
// the dist is bundled: every workspace file's top-level statements kept unless provably unused.
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** A workspace file's statements are judged one by one, not dropped with the whole module. */
const statementByStatement: Plugin = {
  name: 'statement-by-statement',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const { errors, path, external, namespace, sideEffects } = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolved',
      });
      if (errors.length > 0) return { errors };
      const workspace = path.startsWith(join(root, 'packages'));
      return { path, external, namespace, sideEffects: workspace ? true : sideEffects };
    });
  },
};

const PROFILES = [
  ['adapter-keycloak', 'keycloakTokenProfile', 'keycloak-adapter.ts'],
  ['adapter-auth0', 'auth0TokenProfile', 'auth0-adapter.ts'],
  ['adapter-okta', 'oktaTokenProfile', 'okta-adapter.ts'],
  ['adapter-entraid', 'entraIdTokenProfile', 'entraid-adapter.ts'],
  ['adapter-oauth', 'oauthTokenProfile', 'oauth-adapter.ts'],
] as const;

/** Each profile's entry (`import { <name> } from '@dual-auth/<dir>'`) as a module of its own. */
const profileEntries: Plugin = {
  name: 'profile-entries',
  setup(build) {
    build.onResolve({ filter: /^profile:/ }, (args) => ({ path: args.path, namespace: 'profile' }));
    build.onLoad({ filter: /.*/, namespace: 'profile' }, (args) => {
      const [dir, name] = args.path.slice('profile:'.length).split('/');
      return {
        contents: `import { ${name} } from '@dual-auth/${dir}'; console.log(${name});`,
        resolveDir: join(root, 'packages', dir ?? ''),
        loader: 'js',
      };
    });
  },
};

let bundles: Promise<Map<string, string[]>> | undefined;

/**
 * The workspace files (from `packages/`) with code in a bundle of each profile alone, by
 * `<dir>/<name>`: one esbuild run with an entry point per profile (each its own bundle, no
 * splitting), which reads and resolves the files they share once instead of once per profile.
 */
function filesInBundles(): Promise<Map<string, string[]>> {
  bundles ??= build({
    entryPoints: PROFILES.map(([dir, name]) => `profile:${dir}/${name}`),
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    conditions: ['@dual-auth/source'],
    metafile: true,
    plugins: [profileEntries, statementByStatement],
    logLevel: 'silent',
  }).then(
    (result) =>
      new Map(
        Object.values(result.metafile.outputs).map((output) => [
          (output.entryPoint ?? '').replace(/^profile:profile:/, ''),
          Object.entries(output.inputs)
            .filter(([, input]) => input.bytesInOutput > 0)
            .map(([path]) => path.replace(/^.*?packages\//, '')),
        ]),
      ),
  );
  return bundles;
}

async function filesInBundleOf(dir: string, name: string): Promise<string[]> {
  const files = (await filesInBundles()).get(`${dir}/${name}`);
  if (files === undefined) throw new Error(`no bundle of ${dir}/${name}`);
  return files;
}

describe.each(PROFILES)('@dual-auth/%s: a bundle of %s alone', (dir, profile, adapterFile) => {
  it('holds neither the adapter nor core’s BaseAdapter', { timeout: 60_000 }, async () => {
    const files = await filesInBundleOf(dir, profile);
    expect(files).toContainEqual(expect.stringMatching(/token-profile\.ts$/));
    // Its own vendor's profile: the bundles of the one esbuild run are told apart by entry point.
    expect(files).toContainEqual(
      expect.stringMatching(new RegExp(`^${dir}/src/[\\w-]+-token-profile\\.ts$`)),
    );
    expect(files).not.toContain(`${dir}/src/${adapterFile}`);
    expect(files).not.toContain('core/src/adapter-kit/base-adapter.ts');
  });
});
