// Turns the rounds of a run into tables: per case and arm, the median of every metric with its
// range over rounds, the ratio of the headline metrics to Parley's from the same run, and the
// load generator's CPU. Rendered for the terminal and as Markdown.

import type { ArmId } from './arms.ts'
import { spread, type Spread } from './stats.ts'
import type { MetricDef, RoundResult } from './workload.ts'

export interface Entry {
  arm: ArmId
  label: string
  caseLabel: string
  rounds: RoundResult[]
  /** Set when the arm failed outright (it did not start, a job crashed). */
  errors: string[]
}

export interface WorkloadRun {
  id: string
  title: string
  method: string
  metrics: MetricDef[]
  cases: string[]
  entries: Entry[]
}

/**
 * Rounds that count: valid and undisturbed ones when there are any, else the valid ones, else all
 * of them (flagged ⚠). The notes under each table say which rounds were left out and why.
 */
export function countedRounds(entry: Entry): { rounds: RoundResult[]; allInvalid: boolean } {
  const clean = entry.rounds.filter((r) => !r.invalid && !r.disturbed)
  if (clean.length) return { rounds: clean, allInvalid: false }
  const valid = entry.rounds.filter((r) => !r.invalid)
  return valid.length ? { rounds: valid, allInvalid: false } : { rounds: entry.rounds, allInvalid: entry.rounds.length > 0 }
}

export function metricSpread(entry: Entry, key: string): Spread {
  return spread(countedRounds(entry).rounds.map((r) => r.metrics[key] ?? NaN))
}

const fmt = (value: number, digits = 1): string => {
  if (!Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US')
  return value.toFixed(digits)
}

const cell = (s: Spread, digits?: number): string => {
  if (s.n === 0) return '–'
  if (s.n === 1 || s.min === s.max) return fmt(s.median, digits)
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`
}

const ratio = (value: number, base: number): string => {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return '–'
  return `${(value / base).toFixed(2)}×`
}

export interface Table {
  header: string[]
  rows: string[][]
  notes: string[]
}

export function tableOf(run: WorkloadRun): Table {
  const headlines = run.metrics.filter((m) => m.headline)
  const header = ['case', 'arm', ...run.metrics.map((m) => m.label), ...headlines.map((m) => `${m.label} ÷ Parley`), 'load CPU %', 'rounds']
  const rows: string[][] = []
  const notes: string[] = []
  for (const caseLabel of run.cases) {
    const entries = run.entries.filter((e) => e.caseLabel === caseLabel)
    const parley = entries.find((e) => e.arm === 'parley')
    for (const entry of entries) {
      const { rounds, allInvalid } = countedRounds(entry)
      const load = spread(entry.rounds.map((r) => r.loadCpuPct))
      const invalid = entry.rounds.filter((r) => r.invalid)
      for (const r of invalid) notes.push(`${caseLabel} ${entry.label}: a round is invalid${rounds.includes(r) ? '' : ' (left out of the medians)'}: ${r.invalid}`)
      for (const r of entry.rounds.filter((x) => x.disturbed)) {
        const left = !rounds.includes(r) ? ' (left out of the medians)' : ''
        notes.push(`${caseLabel} ${entry.label}: a round was disturbed${left}: ${r.disturbed}`)
      }
      for (const e of entry.errors) notes.push(`${caseLabel} ${entry.label}: ${e.split('\n')[0]}`)
      rows.push([
        caseLabel,
        entry.label + (allInvalid ? ' ⚠' : ''),
        ...run.metrics.map((m) => cell(metricSpread(entry, m.key), m.digits)),
        ...headlines.map((m) => (parley ? ratio(metricSpread(entry, m.key).median, metricSpread(parley, m.key).median) : '–')),
        load.n ? `${fmt(load.median, 0)} (max ${fmt(load.max, 0)})` : '–',
        `${rounds.length}/${entry.rounds.length + entry.errors.length}`,
      ])
    }
  }
  return { header, rows, notes }
}

export function renderText(table: Table): string {
  const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const out = [line(table.header), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)]
  for (const note of table.notes) out.push(`  note: ${note}`)
  return out.join('\n')
}

export function renderMarkdown(table: Table): string {
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`
  const align = table.header.map((_, i) => (i < 2 ? '---' : '---:'))
  const out = [row(table.header), row(align), ...table.rows.map(row)]
  if (table.notes.length) out.push('', ...table.notes.map((n) => `- ${n}`))
  return out.join('\n')
}
