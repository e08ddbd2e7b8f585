// Prints where a V8 CPU profile (node --cpu-prof, or `npm run bench -- --cpu-prof parley`) spent
// its time: the top functions by self time, and by inclusive time for the project's own code.
// Frames in a bundle with a source map beside it (the bench runs the relay's esbuild bundle) are
// named by their original file and line. Busy shares leave out idle time, so that runs with
// different loads compare. `--window FROM-TO` keeps the samples taken between FROM and TO seconds
// after the profile started (a workload's measured window, not the relay's start and setup);
// `--timeline` prints how busy each second was, to find that window.
// Usage: node --import tsx tests/bench/tools/profile-top.ts FILE.cpuprofile [N] [--window 5-15] [--timeline]

import fs from 'node:fs'
import { SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'
import { shortUrl } from './frame-names.ts'

interface Frame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
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

const args = process.argv.slice(2)
const flag = (name: string) => {
  const at = args.indexOf(name)
  return at < 0 ? null : (args.splice(at, 2)[1] ?? '')
}
const timeline = args.includes('--timeline')
if (timeline) args.splice(args.indexOf('--timeline'), 1)
const windowArg = flag('--window')
const [file, topArg] = args
if (!file || (windowArg !== null && !/^\d+(\.\d+)?-\d+(\.\d+)?$/.test(windowArg))) {
  console.error('usage: profile-top.ts FILE.cpuprofile [N] [--window FROM-TO] [--timeline]')
  process.exit(2)
}
const [from, to] = windowArg === null ? [0, Infinity] : windowArg.split('-').map((x) => Number(x) * 1e6)
const top = Number(topArg ?? 25)
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)'

const self = new Map<number, number>()
const perSecond: Array<{ all: number; busy: number }> = []
let at = 0
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0
  at += us
  const second = (perSecond[Math.floor(at / 1e6)] ??= { all: 0, busy: 0 })
  second.all += us
  if (!isIdle(id)) second.busy += us
  if (at >= from! && at < to!) self.set(id, (self.get(id) ?? 0) + us)
})
if (timeline) console.log(`busy % per second: ${perSecond.map((s, i) => `${i}:${Math.round((s.busy / s.all) * 100)}`).join(' ')}`)
const total = [...self.values()].reduce((a, b) => a + b, 0)

const maps = new Map<string, SourceMap | null>()
/** The source map beside a bundled file, or null. */
const mapOf = (url: string): SourceMap | null => {
  if (!maps.has(url)) {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url
    const mapFile = `${file}.map`
    maps.set(url, file.endsWith('.js') && fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : null)
  }
  return maps.get(url)!
}
/** The frame's original position when its file has a source map. */
const original = (f: Frame): Frame => {
  const map = f.url ? mapOf(f.url) : null
  const entry = map?.findEntry(f.lineNumber, f.columnNumber)
  if (!entry || !('originalSource' in entry)) return f
  return { ...f, url: entry.originalSource, lineNumber: entry.originalLine }
}

const keys = new Map<Frame, string>()
const key = (frame: Frame) => {
  let k = keys.get(frame)
  if (k === undefined) {
    const f = original(frame)
    k = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`
    keys.set(frame, k)
  }
  return k
}

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
let busy = 0
for (const [id, us] of self) if (!isIdle(id)) busy += us
const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${((us / busy) * 100).toFixed(1).padStart(5)}%`
const print = (title: string, map: Map<string, number>, filter: (k: string) => boolean) => {
  console.log(`\n${title}`)
  for (const [k, us] of [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`)
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (columns: share of all samples, of busy ones)`)
print('self time', selfBy, (k) => !k.startsWith('(idle)'))
print('inclusive time, relay code', inclusiveBy, (k) => k.includes('sync-server/src') || k.includes('packages/'))
if (process.env.PROFILE_ALL) print('inclusive time, everything', inclusiveBy, (k) => !k.startsWith('(idle)'))
