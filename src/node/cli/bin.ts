#!/usr/bin/env node
/**
 * Entry of the `telcokit` command (package.json `bin`). Ctrl-C aborts the running work through an
 * AbortSignal (at the next step); a second Ctrl-C exits at once.
 */
import { runCli } from './main.js';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\ntelcokit: stopping at the next step (Ctrl-C again to quit now)\n');
  controller.abort();
});

const io = {
  out: (s: string) => void process.stdout.write(s),
  err: (s: string) => void process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
};
runCli(process.argv.slice(2), io, controller.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`telcokit: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
