// Plots as standalone SVG, drawn by hand: grouped bars with min–max whiskers, and lines with
// whiskers. Enough for one chart per workload in docs/; no browser, no dependency.

export interface Point {
  value: number
  lo: number
  hi: number
}

export interface Series {
  name: string
  color: string
  /** One point per group (bars) or per x (lines); null where the arm has no result. */
  points: (Point | null)[]
}

export interface ChartSpec {
  title: string
  /** What the y axis measures, with its unit. */
  yLabel: string
  /** Bar groups, or the x values of a line chart as labels. */
  groups: string[]
  series: Series[]
  /** A note under the title: which way is better, where the numbers come from. */
  note?: string
}

const W = 720
const H = 420
const M = { top: 64, right: 24, bottom: 72, left: 72 }
const PLOT_W = W - M.left - M.right
const PLOT_H = H - M.top - M.bottom

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Round tick steps (1, 2, 5 × 10^k) covering 0..max with about five ticks. */
export function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1]
  const raw = max / 5
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!
  const out: number[] = []
  for (let v = 0; v <= max + step * 0.001; v += step) out.push(Number(v.toPrecision(12)))
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toPrecision(12)))
  return out
}

const label = (v: number) => (Math.abs(v) >= 10_000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Number(v.toPrecision(3))))

function frame(spec: ChartSpec, yMax: number): { parts: string[]; y: (v: number) => number } {
  const t = ticks(yMax)
  const top = t[t.length - 1]!
  const y = (v: number) => M.top + PLOT_H - (Math.max(0, v) / top) * PLOT_H
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="24" font-size="16" font-weight="600">${esc(spec.title)}</text>`,
  ]
  if (spec.note) parts.push(`<text x="${M.left}" y="42" fill="#555">${esc(spec.note)}</text>`)
  for (const v of t) {
    parts.push(`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`)
    parts.push(`<text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end" fill="#333">${label(v)}</text>`)
  }
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#333"/>`)
  parts.push(`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}" stroke="#333"/>`)
  const cy = M.top + PLOT_H / 2
  parts.push(`<text x="18" y="${cy}" transform="rotate(-90 18 ${cy})" text-anchor="middle" fill="#333">${esc(spec.yLabel)}</text>`)
  // Legend along the bottom.
  let lx = M.left
  for (const s of spec.series) {
    parts.push(`<rect x="${lx}" y="${H - 22}" width="12" height="12" fill="${s.color}"/>`)
    parts.push(`<text x="${lx + 17}" y="${H - 12}">${esc(s.name)}</text>`)
    lx += 34 + s.name.length * 7
  }
  return { parts, y }
}

const maxOf = (spec: ChartSpec) => Math.max(0, ...spec.series.flatMap((s) => s.points.flatMap((p) => (p ? [p.hi, p.value].filter(Number.isFinite) : []))))

function whisker(x: number, p: Point, y: (v: number) => number): string {
  if (!Number.isFinite(p.lo) || !Number.isFinite(p.hi) || p.lo === p.hi) return ''
  return (
    `<line x1="${x}" x2="${x}" y1="${y(p.lo)}" y2="${y(p.hi)}" stroke="#111"/>` +
    `<line x1="${x - 4}" x2="${x + 4}" y1="${y(p.lo)}" y2="${y(p.lo)}" stroke="#111"/>` +
    `<line x1="${x - 4}" x2="${x + 4}" y1="${y(p.hi)}" y2="${y(p.hi)}" stroke="#111"/>`
  )
}

/** Grouped bars: one group per case, one bar per arm; the bar is the median, whiskers the range. */
export function barChart(spec: ChartSpec): string {
  const { parts, y } = frame(spec, maxOf(spec))
  const groupW = PLOT_W / Math.max(1, spec.groups.length)
  const barW = Math.min(56, (groupW * 0.8) / Math.max(1, spec.series.length))
  spec.groups.forEach((group, g) => {
    const x0 = M.left + g * groupW + (groupW - barW * spec.series.length) / 2
    spec.series.forEach((s, i) => {
      const p = s.points[g]
      const x = x0 + i * barW
      if (!p || !Number.isFinite(p.value)) {
        parts.push(`<text x="${x + barW / 2}" y="${M.top + PLOT_H - 4}" text-anchor="middle" fill="#999">n/a</text>`)
        return
      }
      parts.push(`<rect x="${x + 2}" y="${y(p.value)}" width="${barW - 4}" height="${M.top + PLOT_H - y(p.value)}" fill="${s.color}"/>`)
      parts.push(whisker(x + barW / 2, p, y))
      parts.push(`<text x="${x + barW / 2}" y="${y(Math.max(p.value, p.hi)) - 4}" text-anchor="middle" font-size="10">${label(p.value)}</text>`)
    })
    parts.push(`<text x="${M.left + g * groupW + groupW / 2}" y="${M.top + PLOT_H + 18}" text-anchor="middle">${esc(group)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n')
}

/** Lines over evenly spaced x labels: one line per arm, points at medians, whiskers the range. */
export function lineChart(spec: ChartSpec): string {
  const { parts, y } = frame(spec, maxOf(spec))
  const n = spec.groups.length
  const x = (i: number) => M.left + (n === 1 ? PLOT_W / 2 : 30 + (i * (PLOT_W - 60)) / (n - 1))
  spec.groups.forEach((group, i) => parts.push(`<text x="${x(i)}" y="${M.top + PLOT_H + 18}" text-anchor="middle">${esc(group)}</text>`))
  for (const s of spec.series) {
    const pts = s.points.map((p, i) => (p && Number.isFinite(p.value) ? { p, x: x(i) } : null)).filter((q) => q !== null)
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map((q) => `${q.x},${y(q.p.value)}`).join(' ')}"/>`)
    for (const q of pts) {
      parts.push(whisker(q.x, q.p, y))
      parts.push(`<circle cx="${q.x}" cy="${y(q.p.value)}" r="4" fill="${s.color}"/>`)
    }
  }
  parts.push('</svg>')
  return parts.join('\n')
}
