import { defineProject } from 'vitest/config';
import { sharedProject, sourceConditions } from '../../tools/vitest-shared.ts';

const shared = sharedProject(import.meta.dirname);

// Vitest hands the SSR conditions to Node as `--conditions`; with `import` (or `module`) among them,
// `require()` inside CommonJS dependencies (express → router → is-promise) loads the ESM file and
// gets a namespace object instead of the function.
const nodeSafeConditions = sourceConditions.filter((c) => c !== 'import' && c !== 'module');

export default defineProject({
  ...shared,
  ssr: { resolve: { conditions: nodeSafeConditions, externalConditions: nodeSafeConditions } },
});
