import { afterEach, vi } from 'vitest';

// `unstubEnvs` and `restoreMocks` undo stubs and spies *before* each test. Where files share a
// worker (`isolate: false`), the stubs of a file's last test would then live on into the next
// file's `beforeAll`, which runs before any test of it (a `DUAL_AUTH_LOG_LEVEL` stubbed to a typo
// failed the next file's guard creation). Undo them after each test too, and the globals a test
// stubbed: a test that fails between its `vi.stubGlobal('navigator', …)` (another runtime) and its
// unstub would leave every later file of the worker on that runtime.
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
