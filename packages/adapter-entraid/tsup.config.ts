import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    doctor: 'src/doctor.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm'],
  // src/testing (the local IdP profile) is Node-only; the rest is checked with `types: []`.
  dts: { compilerOptions: { types: ['node'] } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['@dual-auth/testing'],
});
