export type { DpopProofFor, DpopProver, DpopProverOptions } from './dpop-prover.js';
export { createDpopProver } from './dpop-prover.js';
