// Turns the record search benchmark's samples into a printed table and the Markdown page
// docs/benchmarks-records.md (with the machine and the date). No measuring here.

import os from 'node:os'

export interface Row {
  kind: string
  count: number
  p50: number
  p95: number
  p99: number
  max: number
  meanHits: number
}

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN

export function summarize(kind: string, samples: readonly { ms: number; hits: number }[]): Row {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b)
  return {
    kind,
    count: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    meanHits: samples.reduce((sum, s) => sum + s.hits, 0) / Math.max(1, samples.length),
  }
}

const ms = (n: number) => n.toFixed(3)
const HEAD = ['queries', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'hits (mean)']
const cells = (r: Row) => [r.kind, String(r.count), ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max), r.meanHits.toFixed(1)]

export function textTable(rows: readonly Row[]): string {
  const all = [HEAD, ...rows.map(cells)]
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n')
}

export interface Setup {
  records: number
  otherOrgRecords: number
  people: number
  loadMs: number
  limit: number
  sqliteVersion: string
}

export function markdown(rows: readonly Row[], setup: Setup, date = new Date()): string {
  const cpus = os.cpus()
  return `# Record search benchmark

What \`GET /api/records\` costs the relay at 100,000 records: the same directory the route uses
(SQLite records with FTS5, plus the organization's people), measured in process, without HTTP.
Written by \`node --import tsx tests/bench/records/search.ts\`; run it again to refresh this page.

- Date: ${date.toISOString().slice(0, 10)}
- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}
- Node ${process.version}, SQLite ${setup.sqliteVersion} (better-sqlite3), WAL, synchronous=NORMAL
- Data: ${setup.records.toLocaleString('en-US')} generated records in the searched organization (candidates, contacts, companies, jobs, placements), ${setup.otherOrgRecords.toLocaleString('en-US')} in another, ${setup.people} people; loaded in ${(setup.loadMs / 1000).toFixed(1)} s through the import's store
- Each query asks for ${setup.limit} results, one at a time, after a warm-up; kinds are interleaved

| ${HEAD.join(' | ')} |
| --- | ${HEAD.slice(1).map(() => '---:').join(' | ')} |
${rows.map((r) => `| ${cells(r).join(' | ')} |`).join('\n')}

Name prefixes walk the label index and stop at the limit. Words go through FTS5 and then sort
their matches by label, so a word found in many records (\`engineer\`, \`at\`) is the slow end. Numbers
use the (organization, length, number) indexes, one length at a time.
`
}
