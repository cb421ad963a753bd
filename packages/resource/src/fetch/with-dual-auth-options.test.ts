// withDualAuth given no options: the TypeError every middleware of this package throws, naming
// what to pass, not "Cannot read properties of undefined (reading 'route')".
import { describe, expect, it } from 'vitest';
import { withDualAuth } from './index.js';

describe('withDualAuth without guard options', () => {
  it.each([undefined, null])('refuses %s, saying to pass guard options or a guard', (options) => {
    const wrap = () => withDualAuth(() => new Response('ok'), options as never);
    expect(wrap).toThrow(TypeError);
    expect(wrap).toThrow('dual-auth middleware needs guard options or a guard');
  });
});
