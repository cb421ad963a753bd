import { defineProject } from 'vitest/config';
import { sharedProject, sourceConditions } from '../../tools/vitest-shared.ts';

// Vitest passes ssr.resolve.conditions to Node as --conditions, where `import` makes the CommonJS
// node-vault's require('mustache') load mustache's ESM build; `module` points some packages at
// bundler-only builds. Node and Vite add import/require by themselves.
const conditions = sourceConditions.filter((c) => c !== 'module' && c !== 'import');
const shared = sharedProject(import.meta.dirname);

export default defineProject({
  ...shared,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
});
