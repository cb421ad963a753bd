import { defineProject } from 'vitest/config';
import { sharedProject, sourceConditions } from '../../tools/vitest-shared.ts';

// The AWS SDK's `module` condition points at dist-es, which Node cannot load (extensionless
// imports), so the SDK resolves through its `node` condition here.
const conditions = sourceConditions.filter((condition) => condition !== 'module');
const shared = sharedProject(import.meta.dirname);

export default defineProject({
  ...shared,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
});
