// Every workload, in the order the issue lists them (W4h, the history pages of goal 5, after W4).

import type { Workload } from '../lib/workload.ts'
import { w1 } from './w1-idle.ts'
import { w2 } from './w2-steady.ts'
import { w3 } from './w3-ramp.ts'
import { w4 } from './w4-cold-open.ts'
import { w4h } from './w4h-history-pages.ts'
import { w5 } from './w5-presence.ts'

// Each workload has its own case and prepared types; the orchestrator only passes them back.
const erase = <C, P>(w: Workload<C, P>) => w as unknown as Workload

export const WORKLOADS: Workload[] = [erase(w1), erase(w2), erase(w3), erase(w4), erase(w4h), erase(w5)]
