#!/usr/bin/env -S node --
// The `dual-auth-idp` command: a standalone local IdP for examples and manual tests. The `--` in
// the shebang stops Node from reading our `--env-file` argument as its own option (Node scans the
// whole command line for it).
import { nodeVersionProblem } from './node-version-problem.js';

/** How often it checks that its parent still runs, in ms. */
const PARENT_POLL_MS = 500;
// SIGHUP: the terminal it ran in was closed.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (error: unknown) =>
  process.stderr.write(`dual-auth-idp: ${error instanceof Error ? error.message : error}\n`);

async function main(): Promise<void> {
  // The stop signals are taken before the IdP starts: its `Ready.` line is out before the start
  // resolves here, and a signal in between (a terminal closed at once, a test stopping it on that
  // line) would otherwise end the process by the signal's default, leaving its env file behind.
  let running: Awaited<ReturnType<typeof startLocalIdpCli>> | 'stopped' | undefined;
  const stop = () => {
    clearInterval(orphaned);
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    process.off('SIGUSR2', rotate);
    const started = running;
    running = 'stopped';
    if (started === undefined || started === 'stopped') return;
    started.stop().then(
      () => say('dual-auth-idp: stopped'),
      (error: unknown) => {
        complain(error);
        process.exitCode = 1;
      },
    );
  };
  // SIGUSR2, as SIGUSR1 belongs to Node's inspector and SIGHUP comes with a closed terminal.
  const rotate = () => {
    if (running === undefined || running === 'stopped') return;
    running.rotateSigningKey().catch((error: unknown) => complain(error));
  };
  // A parent that died leaves this process to init (or a subreaper): its ppid changes. Polled,
  // as no signal says so on every platform; unref'd, so it never keeps the process alive itself.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_POLL_MS);
  orphaned.unref();
  // With its parent or terminal gone, a write to the closed pipe must not crash the clean stop.
  process.stdout.on('error', () => undefined);
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  if (process.platform !== 'win32') process.on('SIGUSR2', rotate);
  // Loaded only after the version check: on an older Node, undici fails at import without a word
  // about the version.
  const { startLocalIdpCli } = await import('./start-local-idp-cli.js');
  const started = await startLocalIdpCli(process.argv.slice(2), process.cwd(), say);
  if (running === 'stopped') {
    // Stopped while starting: close what started, then say so as a stop after `Ready.` does.
    if (started !== undefined) await started.stop().then(() => say('dual-auth-idp: stopped'));
    return;
  }
  if (started === undefined) {
    stop();
    return;
  }
  running = started;
}

const tooOld = nodeVersionProblem(process.versions.node);
if (tooOld !== undefined) {
  complain(tooOld);
  process.exitCode = 2;
} else {
  try {
    await main();
  } catch (error) {
    complain(error);
    process.exitCode = 2;
  }
}
