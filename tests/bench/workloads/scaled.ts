// The multi-process section's versions of W2 and W3 (`npm run bench -- --scale`): the same load,
// run against deployments of several processes, with the services' CPU as one more column. Their
// ids (W2-N, W3-N) keep their results apart from the one-process runs in the report.

import os from 'node:os'
import { FOREIGN_PCT, type MetricDef, type Workload } from '../lib/workload.ts'

/** A scaled workload's id: W2-N for W2. */
export const scaledId = (id: string): string => `${id}-N`
export const isScaledId = (id: string): boolean => id.endsWith('-N')

export const SCALE_METHOD =
  `On several processes: every relay (or Hocuspocus process), PostgreSQL and Redis run on core 0 and the load generator ` +
  `on core 1 — this machine has ${os.cpus().length} cores, so 2 or 3 processes share one core and cannot add capacity; the ` +
  'figures show what crossing processes costs, not what more machines would gain. Connections go round robin over the ' +
  'processes in chat order, so with 2 or 3 processes the two people of every chat are on different ones and every message ' +
  'crosses Redis. "relay CPU %" adds up the relay processes; "PG+Redis CPU %" adds up the PostgreSQL and Redis processes ' +
  '(both as a share of one core). Parley on SQLite is one process with nothing beside it. Processes that share their core by ' +
  'design wait for each other, so a round of several (or of one beside PostgreSQL and Redis) is flagged disturbed when work ' +
  `that is none of theirs took more than ${FOREIGN_PCT}% of core 0, instead of by their wait.`

export function scaled<C, P>(workload: Workload<C, P>): Workload<C, P> {
  const services: MetricDef =
    workload.id === 'W3'
      ? { key: 'servicesCpuAtBest', label: 'PG+Redis CPU % at max', better: 'lower', digits: 0 }
      : { key: 'servicesCpuPct', label: 'PG+Redis CPU %', better: 'lower', digits: 1 }
  return {
    ...workload,
    id: scaledId(workload.id),
    title: `${workload.title} on several processes`,
    method: `${workload.method} ${SCALE_METHOD}`,
    metrics: [...workload.metrics, services],
  }
}
