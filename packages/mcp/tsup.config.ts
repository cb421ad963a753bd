import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/express/index.ts',
    'src/fetch/index.ts',
    'src/client/index.ts',
    'src/tools/index.ts',
    'src/ai-sdk/index.ts',
  ],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
