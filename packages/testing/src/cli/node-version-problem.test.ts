import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE_VERSION, nodeVersionProblem } from './node-version-problem.js';

describe('nodeVersionProblem', () => {
  it('refuses a Node older than undici 8 loads on, naming both versions', () => {
    for (const version of ['20.20.2', '22.12.0', '22.18.9', '18.0.0']) {
      const problem = nodeVersionProblem(version);
      expect(problem).toContain(`Node ${version}`);
      expect(problem).toContain(`Node ≥ ${MINIMUM_NODE_VERSION}`);
    }
  });

  it('accepts the minimum and anything later, also with a pre-release tag', () => {
    for (const version of ['22.19.0', '22.20.1', '23.0.0', '24.21.0', '25.0.0-pre']) {
      expect(nodeVersionProblem(version)).toBeUndefined();
    }
  });
});
