import { describe, expect, it } from 'vitest';
import { verifyJwt } from './verify-jwt.js';

// A README-only user's slip (wave34/newuser): `verifyJwt(token)` without its options rejected with
// "Cannot destructure property 'label' of undefined", naming nothing to pass.
describe('verifyJwt without its options', () => {
  for (const options of [undefined, null, 'RS256']) {
    it(`rejects with a TypeError naming what to pass (options ${String(options)})`, async () => {
      const verifying = verifyJwt('a.b.c', options as never);
      await expect(verifying).rejects.toThrow(TypeError);
      await expect(verifying).rejects.toThrow(
        /verifyJwt\(token, options\) needs its options: \{ label, keys, algorithms, issuer, audience, nowMs, clockToleranceSeconds, maxTokenBytes \}/,
      );
    });
  }
});
