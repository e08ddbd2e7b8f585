// axe-core in the page under test: its source injected as a script, run over the whole document,
// and the violations summarized one line per rule and node, so a failure says what to fix.

import { createRequire } from 'node:module'
import fs from 'node:fs'
import type { Page } from 'playwright-core'

const source = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>
}

/** Every axe violation on the page, of any impact: "serious color-contrast: .row-when". */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source)
  const result = await page.evaluate(() => (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe.run(document, { resultTypes: ['violations'] }))
  return result.violations.flatMap((v) => v.nodes.map((node) => `${v.impact ?? 'unknown'} ${v.id}: ${node.target.join(' ')} — ${node.failureSummary ?? ''}`))
}
