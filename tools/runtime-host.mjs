// Bun's and Deno's side of tools/check-runtimes.mjs: serves the scenario's API with the runtime's
// own server (Bun.serve, Deno.serve) on loopback, runs the agent side against it, prints the
// result as one JSON line and exits. The input (IdP URLs, the agent's env) is the JSON file named
// by the first argument.
import { createApi, runScenario } from './runtime-scenario.mjs';

const runtime = globalThis.Bun ? 'bun' : 'deno';
const SHUTDOWN_WAIT_MS = 10_000;
const path = runtime === 'bun' ? Bun.argv[2] : Deno.args[0];
const input = JSON.parse(
  runtime === 'bun' ? await Bun.file(path).text() : await Deno.readTextFile(path),
);
const api = createApi(input);
let server;
let origin;
if (runtime === 'bun') {
  server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: api });
  origin = `http://127.0.0.1:${server.port}`;
} else {
  const listening = Promise.withResolvers();
  server = Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => listening.resolve(port) },
    api,
  );
  origin = `http://127.0.0.1:${await listening.promise}`;
}
let printed = false;
try {
  const result = await runScenario(input, origin);
  console.log(JSON.stringify({ runtime, ...result }));
  printed = true;
} finally {
  // A graceful shutdown waits for every connection to close, so one still open after the scenario
  // is a response the scenario left unfinished: a leak, which fails the check (docs/runtime-check.md
  // tells the one Deno had). The wait is bounded so that the check says so instead of hanging.
  let timer;
  const waited = new Promise((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_WAIT_MS, 'timeout');
  });
  const stopped = runtime === 'bun' ? server.stop(true) : server.shutdown();
  const outcome = await Promise.race([stopped, waited]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    console.error(
      `${runtime}: a connection was still open ${SHUTDOWN_WAIT_MS} ms after the scenario${printed ? '' : ' (and the scenario failed)'}: a response left unfinished (see docs/runtime-check.md)`,
    );
    (runtime === 'bun' ? process : Deno).exit(1);
  }
}
