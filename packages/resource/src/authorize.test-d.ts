import { expectTypeOf, it } from 'vitest';
import type { AuthorizeOptions, HopCheck } from './authorize.js';

it('AuthorizeOptions.hopAllowed takes an unset option as undefined (exactOptionalPropertyTypes)', () => {
  // What a caller holds when its own hopAllowed option is optional (the guard, the MCP tool rule).
  const hopAllowed = undefined as HopCheck | undefined;
  const options: Pick<AuthorizeOptions, 'hopAllowed'> = { hopAllowed };
  expectTypeOf(options.hopAllowed).toEqualTypeOf<HopCheck | undefined>();
});
