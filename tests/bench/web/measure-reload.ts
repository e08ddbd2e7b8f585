// One measured reload of the signed-in app, as a person would use it: reload, click the chat
// icon, click the first chat of Chat Home, see its messages. Times come from the page's own clock
// (ms since the reload's navigation started), taken by a script that runs before the app's.
// Main-thread time comes from the DevTools protocol. It asserts nothing.

import type { CDPSession, Page } from 'playwright-core'

export interface ReloadSample {
  /** The signed-in app's chat icon is in the page. */
  appShown: number
  /** The first chat row of Chat Home is in the page (after the click on the icon). */
  rowsShown: number
  /** The first chat's messages are in the page after the click on its row: interactive. */
  interactive: number
  /** From the click on the row to its messages in the page: the app's answer to that click. */
  clickToChat: number
  /** Long tasks (over 50 ms) that started before `interactive`. */
  longTasks: number
  longTaskMs: number
  longestTaskMs: number
  /**
   * Renderer main-thread busy time of the new document up to `interactive`, plus the few ms the
   * harness takes to ask (CDP TaskDuration, which starts again at every navigation).
   */
  mainThreadMs: number
  /** Script time within it (CDP ScriptDuration). */
  scriptMs: number
  /** JavaScript the page loaded, decoded (from the service worker's cache or the network). */
  jsKiB: number
}

/**
 * Installed before every document of the page: records long tasks and the first moment each
 * milestone is in the DOM. A MutationObserver's callback runs right after the change, before paint.
 */
const probe = () => {
  const marks: Record<string, number> = {}
  const tasks: Array<[number, number]> = []
  Object.assign(window, { __reloadBench: { marks, tasks } })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([e.startTime, e.duration])
  }).observe({ type: 'longtask', buffered: true })
  const milestones: Array<[string, string]> = [
    ['appShown', 'button[aria-label^="Chats, "]'],
    ['rowsShown', 'ul[aria-label="Open chats"] > li, ul[aria-label="New chats"] > li'],
    ['interactive', '[aria-label="Messages, newest first"] > li'],
  ]
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest('button[aria-label^="Open chat with "]') : null
      if (target && marks.rowClicked === undefined) marks.rowClicked = performance.now()
    },
    { capture: true },
  )
  new MutationObserver(() => {
    for (const [name, selector] of milestones) if (marks[name] === undefined && document.querySelector(selector)) marks[name] = performance.now()
  }).observe(document, { childList: true, subtree: true })
}

export async function installProbe(page: Page): Promise<CDPSession> {
  await page.addInitScript(probe)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  return cdp
}

const metric = async (cdp: CDPSession, names: string[]): Promise<number[]> => {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return names.map((n) => metrics.find((m) => m.name === n)?.value ?? NaN)
}

/** A long task: when it started (ms after the reload started) and how long it ran. */
export type LongTask = [start: number, duration: number]

/** Reloads `page` and measures the way to the first chat's messages; also returns the long tasks before it. */
export async function measureReload(page: Page, cdp: CDPSession): Promise<{ sample: ReloadSample; longTasks: LongTask[] }> {
  await page.reload({ waitUntil: 'commit' })
  await page.getByRole('button', { name: /^Chats, \d+ open/ }).click()
  const panel = page.getByRole('dialog', { name: 'Parley chat' })
  await panel.getByRole('button', { name: /^Open chat with / }).first().click()
  await panel.getByRole('list', { name: 'Messages, newest first' }).getByRole('listitem').first().waitFor()
  const [task1, script1] = await metric(cdp, ['TaskDuration', 'ScriptDuration'])
  const page_ = await page.evaluate(() => {
    const { marks, tasks } = (window as unknown as { __reloadBench: { marks: Record<string, number>; tasks: Array<[number, number]> } }).__reloadBench
    const js = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')) as PerformanceResourceTiming[]
    return { marks, tasks, jsBytes: js.reduce((n, e) => n + e.decodedBodySize, 0) }
  })
  const interactive = page_.marks.interactive ?? NaN
  const before: LongTask[] = page_.tasks.filter(([start]) => start < interactive)
  const sample: ReloadSample = {
    appShown: page_.marks.appShown ?? NaN,
    rowsShown: page_.marks.rowsShown ?? NaN,
    interactive,
    clickToChat: interactive - (page_.marks.rowClicked ?? NaN),
    longTasks: before.length,
    longTaskMs: before.reduce((n, [, d]) => n + d, 0),
    longestTaskMs: Math.max(0, ...before.map(([, d]) => d)),
    mainThreadMs: task1! * 1000,
    scriptMs: script1! * 1000,
    jsKiB: page_.jsBytes / 1024,
  }
  return { sample, longTasks: before }
}
