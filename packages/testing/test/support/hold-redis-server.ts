// A test process that starts a redis-server and never closes it: what a killed or crashed test
// run leaves behind. Prints `ready <port>`, then waits for a signal; with `exit`, SIGUSR2 makes
// it exit at once (code 0) without closing the server.
import { startRedisServer } from '../../src/redis/start-redis-server.ts';

const redis = await startRedisServer();
if (process.argv[2] === 'exit') process.once('SIGUSR2', () => process.exit(0));
process.stdout.write(`ready ${redis.port}\n`);
setInterval(() => {}, 60_000);
