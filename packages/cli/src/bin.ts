#!/usr/bin/env node
import { nodeCliIo } from './node-cli-io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
