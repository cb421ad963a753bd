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

/** The workspace files (from `packages/`) with code in a bundle of `name` alone. */
async function filesInBundleOf(dir: string, name: string): Promise<string[]> {
  const result = await build({
    stdin: {
      contents: `import { ${name} } from '@dual-auth/${dir}'; console.log(${name});`,
      resolveDir: join(root, 'packages', dir),
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['@dual-auth/source'],
    metafile: true,
    plugins: [statementByStatement],
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path.replace(/^.*?packages\//, '')),
  );
}

describe.each([
  ['adapter-keycloak', 'keycloakTokenProfile', 'keycloak-adapter.ts'],
  ['adapter-auth0', 'auth0TokenProfile', 'auth0-adapter.ts'],
  ['adapter-okta', 'oktaTokenProfile', 'okta-adapter.ts'],
  ['adapter-entraid', 'entraIdTokenProfile', 'entraid-adapter.ts'],
  ['adapter-oauth', 'oauthTokenProfile', 'oauth-adapter.ts'],
])('@dual-auth/%s: a bundle of %s alone', (dir, profile, adapterFile) => {
  it('holds neither the adapter nor core’s BaseAdapter', { timeout: 30_000 }, async () => {
    const files = await filesInBundleOf(dir, profile);
    expect(files).toContainEqual(expect.stringMatching(/token-profile\.ts$/));
    expect(files).not.toContain(`${dir}/src/${adapterFile}`);
    expect(files).not.toContain('core/src/adapter-kit/base-adapter.ts');
  });
});
