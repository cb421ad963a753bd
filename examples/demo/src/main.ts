import { runDemo } from './run-demo.ts';
import { serveJourneyPage } from './ui/main-ui.ts';

if (process.argv.includes('--ui')) {
  await serveJourneyPage(process.argv);
} else {
  await runInTerminal();
}

async function runInTerminal(): Promise<void> {
  // `pnpm demo -- --two-instances`: also two agent and two API instances sharing one Redis.
  const twoInstances = process.argv.includes('--two-instances');
  const started = performance.now();
  const { rows, mismatches } = await runDemo((line) => console.log(line), { twoInstances });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const vendors = new Set(rows.map((row) => row.vendor)).size;
  console.log(`\n${rows.length} matrix rows across ${vendors} vendors in ${seconds} s`);
  if (mismatches.length > 0) {
    console.error(
      `\n${mismatches.length} outcome(s) differ from the rule:\n- ${mismatches.join('\n- ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log(
      'every outcome matches the rule: ALLOW only when the agent AND the human are authorized',
    );
  }
}
