// Web reload benchmark (issue 14, goal 7): builds the web app, starts a real relay on port 0 in a
// temp folder, seeds Alice's chats, fills Chromium's IndexedDB through the app, then reloads the
// page several times and measures how soon a person can open a chat from Chat Home. Prints a
// table and writes docs/benchmarks.md's web section with its plot. It asserts nothing.
//
// Run: node --import tsx tests/bench/web/reload.ts [--reloads 7] [--chats 40] [--messages 10000]
//        [--label "this run"] [--no-build] [--no-write] [--profile]

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { launchChromium } from '../../e2e/support/browser.ts'
import { addColleagues, TEAM_PEOPLE } from '../../e2e/support/team.ts'
import { removeDataDir, startRelayProcess } from '../../support/relay-process.ts'
import { tempDir } from '../../support/relay.ts'
import { waitFor } from '../../support/wait.ts'
import { openEveryChat, storedChats } from './fill-browser.ts'
import { installProbe, measureReload, type ReloadSample } from './measure-reload.ts'
import { textTable, writeReport, type WebRun } from './report.ts'
import { seedChats } from './seed-chats.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const ARTIFACTS = path.join(ROOT, 'tests/.artifacts/bench/web')
const { values } = parseArgs({
  options: {
    reloads: { type: 'string', default: '7' },
    chats: { type: 'string', default: '40' },
    messages: { type: 'string', default: '10000' },
    label: { type: 'string', default: 'this run' },
    'no-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
})
const whole = (name: 'reloads' | 'chats' | 'messages') => {
  const n = Number(values[name])
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number above 0, got ${values[name]}`)
  return n
}
const size = { chats: whole('chats'), messages: whole('messages') }
const reloads = whole('reloads')
const log = (line: string) => process.stderr.write(`${line}\n`)

/** Builds apps/web (what the relay serves) and returns the build's first-visit line. */
function buildWeb(): string {
  if (values['no-build']) return 'not rebuilt for this run (--no-build)'
  log('web reload: building apps/web…')
  const out = spawnSync('npx', ['vite', 'build'], { cwd: path.join(ROOT, 'apps/web'), encoding: 'utf8' })
  if (out.status !== 0) throw new Error(`vite build failed:\n${out.stdout}\n${out.stderr}`)
  return /First-visit JavaScript: [^\n]+/u.exec(out.stdout)?.[0] ?? 'first-visit size not printed'
}

const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim()

const firstVisit = buildWeb()
log(`web reload: ${firstVisit}`)
const dataDir = tempDir('parley-bench-web-')
await addColleagues(dataDir, TEAM_PEOPLE)
const relay = await startRelayProcess({ dataDir })
const browser = await launchChromium()
try {
  let t = Date.now()
  await seedChats(relay.url, size)
  log(`web reload: seeded ${size.chats} chats, ${size.messages} messages on the relay in ${((Date.now() - t) / 1000).toFixed(1)} s`)

  const context = await browser.newContext({ baseURL: relay.url, viewport: { width: 1280, height: 820 } })
  context.setDefaultTimeout(20_000)
  const page = await context.newPage()
  page.on('pageerror', (error) => log(`page error: ${error.message}`))
  const cdp = await installProbe(page)
  t = Date.now()
  await openEveryChat(page, size.chats)
  const stored = await waitFor(async () => {
    const s = await storedChats(page)
    return s.chats === size.chats && s.messages === size.messages ? s : null
  }, `IndexedDB to hold ${size.chats} chats and ${size.messages} messages`, 60_000)
  log(`web reload: IndexedDB holds ${stored.chats} chats, ${stored.messages} messages (${(stored.bytes / 1024).toFixed(0)} KiB), filled in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))

  // One reload first, not counted: the service worker takes over the page's requests.
  await measureReload(page, cdp)
  const samples: ReloadSample[] = []
  for (let i = 0; i < reloads; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const { sample, longTasks } = await measureReload(page, cdp)
    samples.push(sample)
    const tasks = longTasks.map(([start, duration]) => `${duration.toFixed(0)} ms at ${start.toFixed(0)}`).join(', ')
    log(`  reload ${i + 1}: app ${sample.appShown.toFixed(0)} ms, rows ${sample.rowsShown.toFixed(0)} ms, first chat open ${sample.interactive.toFixed(0)} ms (clicked at ${(sample.interactive - sample.clickToChat).toFixed(0)}), long tasks: ${tasks || 'none'}, main thread ${sample.mainThreadMs.toFixed(0)} ms`)
  }

  if (values.profile) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
    await measureReload(page, cdp)
    const { profile } = await cdp.send('Profiler.stop')
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    const file = path.join(ARTIFACTS, 'reload.cpuprofile')
    fs.writeFileSync(file, JSON.stringify(profile))
    log(`web reload: CPU profile of one more reload in ${path.relative(ROOT, file)} (node --import tsx tests/bench/tools/profile-top.ts ${path.relative(ROOT, file)})`)
  }

  const dirty = git('status', '--porcelain', '--', 'apps/web', 'packages') !== ''
  const run: WebRun = {
    label: values.label,
    date: new Date().toISOString().slice(0, 10),
    commit: git('rev-parse', '--short', 'HEAD') + (dirty ? '+changes' : ''),
    machine: `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    chromium: `Chromium ${browser.version()} (headless)`,
    firstVisit,
    seeded: { chats: stored.chats, messages: stored.messages, indexedDbKiB: stored.bytes / 1024 },
    samples,
  }
  console.log(`\nWeb app reload, ${run.label} (${run.commit}): ${reloads} reloads, ${stored.chats} chats and ${stored.messages} messages in IndexedDB\n`)
  console.log(textTable(run))
  console.log(`\n${firstVisit}`)
  if (!values['no-write']) {
    writeReport(path.join(ROOT, 'docs'), run)
    log('web reload: wrote docs/benchmarks.md (web section), docs/benchmarks-web-reload.{json,svg}')
  }
} finally {
  await browser.close()
  await relay.stop()
  removeDataDir(dataDir)
}
// Something the seeding's clients or playwright leave behind keeps the loop alive; the work is done.
process.exit(0)
