// Prints where a V8 CPU profile (node --cpu-prof, or `npm run bench -- --cpu-prof parley`) spent
// its time: the top functions by self time, and by inclusive time for the project's own code.
// Usage: node --import tsx tests/bench/tools/profile-top.ts FILE.cpuprofile [N]

import fs from 'node:fs'

interface Frame {
  functionName: string
  url: string
  lineNumber: number
}
interface Node {
  id: number
  callFrame: Frame
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: profile-top.ts FILE.cpuprofile [N]')
  process.exit(2)
}
const top = Number(topArg ?? 25)
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...self.values()].reduce((a, b) => a + b, 0)

const short = (url: string) => url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/').replace(/.*\/work\/main\//, '')
const key = (f: Frame) => `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`

const selfBy = new Map<string, number>()
const inclusiveBy = new Map<string, number>()
for (const [id, us] of self) {
  const n = byId.get(id)!
  selfBy.set(key(n.callFrame), (selfBy.get(key(n.callFrame)) ?? 0) + us)
  const seen = new Set<string>()
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!.callFrame)
    if (seen.has(k)) continue
    seen.add(k)
    inclusiveBy.set(k, (inclusiveBy.get(k) ?? 0) + us)
  }
}
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`
const print = (title: string, map: Map<string, number>, filter: (k: string) => boolean) => {
  console.log(`\n${title}`)
  for (const [k, us] of [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`)
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`)
print('self time', selfBy, () => true)
print('inclusive time, relay code', inclusiveBy, (k) => k.includes('sync-server/src') || k.includes('packages/'))
