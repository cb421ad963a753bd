import { defineProject } from 'vitest/config';
import { sharedProject, sourceConditions } from '../../tools/vitest-shared.ts';

// Vitest passes ssr.resolve.conditions to Node as --conditions: `module` would load the AWS SDK's
// dist-es (extensionless imports Node cannot run) and `import` would give CommonJS dependencies
// ESM builds through require(). Node and Vite add import/require by themselves.
const conditions = sourceConditions.filter((c) => c !== 'module' && c !== 'import');
const shared = sharedProject(import.meta.dirname);

export default defineProject({
  ...shared,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
});
