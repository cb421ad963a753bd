// Preloaded (node --import) into a spawned `dual-auth`: writes UNDICI_CONNECT_ERROR on standard
// error when Node's built-in fetch gives up a connection attempt (undici's own connect limit, 10 s),
// so a test can tell by the order of events whether the process waited for that limit.
import { subscribe } from 'node:diagnostics_channel';
import { writeSync } from 'node:fs';

subscribe('undici:client:connectError', () => {
  writeSync(2, 'UNDICI_CONNECT_ERROR\n');
});
