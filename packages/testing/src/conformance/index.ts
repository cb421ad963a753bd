export type { CreateConformanceAdapter } from './conformance-context.js';
export {
  type IamAdapterConformanceOptions,
  runIamAdapterConformance,
} from './run-iam-adapter-conformance.js';
