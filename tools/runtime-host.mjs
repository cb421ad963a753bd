// Bun's and Deno's side of tools/check-runtimes.mjs: serves the scenario's API with the runtime's
// own server (Bun.serve, Deno.serve) on loopback, runs the agent side against it, prints the
// result as one JSON line and exits. The input (IdP URLs, the agent's env) is the JSON file named
// by the first argument.
import { createApi, runScenario } from './runtime-scenario.mjs';

const runtime = globalThis.Bun ? 'bun' : 'deno';
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
try {
  const result = await runScenario(input, origin);
  console.log(JSON.stringify({ runtime, ...result }));
} finally {
  await (runtime === 'bun' ? server.stop(true) : server.shutdown());
}
