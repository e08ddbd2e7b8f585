// Where a span of this process allocates its memory, garbage included: V8's sampling heap profiler
// through the inspector, asked to keep the samples of objects that minor and major GCs collected
// too (by default it reports only what is still alive, which hides the short-lived garbage that
// makes scavenges). Samples are one per `intervalBytes` allocated on average, so bytes are
// estimates. Used by relay-cpu.ts (ALLOC=1) to print bytes allocated per message by function.

import { Session } from 'node:inspector/promises'
import { shortUrl } from './frame-names.ts'

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number }
  selfSize: number
  children: SampleNode[]
}

export interface AllocationSite {
  site: string
  bytes: number
}

export async function startAllocationSampling(intervalBytes = 4096): Promise<() => Promise<AllocationSite[]>> {
  const session = new Session()
  session.connect()
  await session.post('HeapProfiler.enable')
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: intervalBytes,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never)
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SampleNode } }
    session.disconnect()
    const bySite = new Map<string, number>()
    const name = ({ functionName, url, lineNumber }: SampleNode['callFrame']) =>
      url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : `${functionName}()`
    // A built-in (new Map, Array.from) is named with the function that called it.
    const walk = (node: SampleNode, caller: string) => {
      const own = name(node.callFrame)
      if (node.selfSize > 0) {
        const site = node.callFrame.url ? own : `${own} in ${caller}`
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize)
      }
      for (const child of node.children) walk(child, node.callFrame.url ? own : caller)
    }
    walk(profile.head, '(root)')
    return [...bySite].map(([site, bytes]) => ({ site, bytes })).sort((a, b) => b.bytes - a.bytes)
  }
}
