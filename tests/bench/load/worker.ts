// The load process: started by lib/host.ts pinned to the load core, it receives one job, runs the
// load side of that workload, sends back the result and exits. Everything it opens is closed by
// its exit; the orchestrator kills it if it overruns.

import type { HostMessage, WorkerMessage } from '../lib/host.ts'
import { JOBS } from '../workloads/jobs.ts'

const send = (message: WorkerMessage) =>
  new Promise<void>((resolve) => {
    process.send!(message, () => resolve())
  })

// Without its orchestrator a load process has nobody to report to: stop at once.
process.on('disconnect', () => process.exit(1))

process.on('message', (message: HostMessage) => {
  if (message.type !== 'job') return
  const job = JOBS[message.job]
  const run = job ? job(message.params) : Promise.reject(new Error(`unknown job ${message.job}`))
  run.then(
    async (data) => {
      await send({ type: 'result', data })
      process.exit(0)
    },
    async (err: unknown) => {
      await send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      process.exit(1)
    },
  )
})
