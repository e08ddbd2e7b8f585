// The load-side entry of every workload, by job name: what load/worker.ts can be asked to run.
// Parameters arrive over IPC as plain JSON; each workload's orchestrator half built them with
// the same type, which is what the casts below rely on.

import { idleLoad, type IdleParams } from './w1-idle.ts'
import { steadyLoad, type SteadyParams } from './w2-steady.ts'
import { rampLoad, type RampParams } from './w3-ramp.ts'
import { openLoad, seedLoad, type OpenParams, type SeedParams } from './w4-cold-open.ts'
import { pagesOpenLoad, type PagesOpenParams } from './w4h-open.ts'
import { presenceLoad, type PresenceParams } from './w5-presence.ts'

import type { Job } from '../lib/host.ts'

export const JOBS: Record<string, Job> = {
  w1: (p) => idleLoad(p as IdleParams),
  w2: (p) => steadyLoad(p as SteadyParams),
  w3: (p) => rampLoad(p as RampParams),
  'w4-seed': (p) => seedLoad(p as SeedParams),
  'w4-open': (p) => openLoad(p as OpenParams),
  'w4h-open': (p) => pagesOpenLoad(p as PagesOpenParams),
  w5: (p) => presenceLoad(p as PresenceParams),
}
