import { afterEach, vi } from 'vitest';

// `unstubEnvs` and `restoreMocks` undo stubs and spies *before* each test. Where files share a
// worker (`isolate: false`), the stubs of a file's last test would then live on into the next
// file's `beforeAll`, which runs before any test of it (a `DUAL_AUTH_LOG_LEVEL` stubbed to a typo
// failed the next file's guard creation). Undo them after each test too.
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
