// Test helper (not used by the CLI): runs a command line through runCli in this process and
// collects what it printed, as the real process would print it with stderr not a terminal.
// Starting a process per call costs seconds on a busy machine; one test still runs the launcher.

import { runCli } from './run-cli.ts'

export interface CliResult {
  code: number
  out: string
  err: string
}

export async function runCliForTest(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    env,
    out: (line) => (out += `${line}\n`),
    err: (line) => (err += `${line}\n`),
    progress: { write: (text) => (err += text), isTTY: false },
  })
  return { code, out, err }
}
