import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'emulators/index': 'src/emulators/index.ts',
    'conformance/index': 'src/conformance/index.ts',
    'cli/dual-auth-idp': 'src/cli/dual-auth-idp.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
});
