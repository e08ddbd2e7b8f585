// Entry point of `npm start`: reads the configuration from the environment, starts the relay and
// prints where it runs (and the demo logins). SIGINT/SIGTERM store everything before exiting.

import { ConfigError, loadConfig } from './config.ts'
import { createLogger } from './log.ts'
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo.ts'
import { startServer } from './server.ts'
import { DataFolderBusyError } from './storage/data-lock.ts'
import { DatabaseTooNewError } from './storage/migrate.ts'

async function main() {
  const config = loadConfig()
  const log = createLogger(config.logLevel)
  const running = await startServer(config, log)
  const lines = [`Parley is running at ${running.url}`, `Data folder: ${config.dataDir}`]
  if (config.demo) {
    lines.push('', `Demo logins (password "${DEMO_PASSWORD}"):`)
    for (const user of DEMO_USERS) lines.push(`  ${user.email.padEnd(20)} ${user.name} (${user.org})`)
    lines.push('', 'Open two browser windows, sign in as Alice in one and Bob in the other.')
  }
  process.stdout.write(lines.join('\n') + '\n')

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping')
    await running.close()
    process.exit(0)
  }
  // The last line of defence: every client input is handled inside a try that closes only its
  // connection, so a rejection reaching here is a bug to log, not a reason to stop serving everyone.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (bug); the relay keeps running'))
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`)
    process.exit(2)
  }
  if (err instanceof DataFolderBusyError || err instanceof DatabaseTooNewError) {
    process.stderr.write(`Parley could not start: ${err.message}\n`)
    process.exit(1)
  }
  process.stderr.write(`Parley could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
