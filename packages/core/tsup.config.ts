import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapter-kit/index': 'src/adapter-kit/index.ts',
    'secrets-kit/index': 'src/secrets-kit/index.ts',
    'dpop/index': 'src/dpop/index.ts',
    'jwt/index': 'src/jwt/index.ts',
    'node/index': 'src/node/index.ts',
  },
  format: ['esm'],
  // src/node is the Node-only subpath; the rest is checked with `types: []` by tsconfig.json.
  dts: { compilerOptions: { types: ['node'] } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // Keep `node:fs` as written: Deno and edge bundlers need the prefix to know a built-in.
  removeNodeProtocol: false,
  external: [/^node:/],
});
