// Entry point of the admin CLI (`npm run parley -- <command>`, through scripts/cli.mjs). Only
// wires the process to runCli: arguments, environment, output and the exit code.

import { runCli } from './cli/run-cli.ts'

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
})
