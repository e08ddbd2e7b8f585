// A plain-text progress bar for long CLI commands, on stderr: redrawn in place (carriage return)
// on a terminal, one line per tenth of the work otherwise (CI logs, pipes). It knows nothing of
// what is being done; the caller reports `done` out of `total`.

export interface ProgressOutput {
  write(text: string): void
  isTTY: boolean
}

export interface ProgressBar {
  /** `note` follows the counts (e.g. "1,200 rows, about 4 s left"); without it, `done/total` is shown. */
  update(done: number, total: number, note?: string): void
  /** Ends the bar's line on a terminal; call once when the work is over. */
  finish(): void
}

const WIDTH = 30
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

export function createProgressBar(out: ProgressOutput, label: string): ProgressBar {
  let shown = ''
  let lastTenth = -1
  // Off a terminal: the newest line, and whether it was written (the last one always is, at finish).
  let latest = ''
  let written = true

  return {
    update(done, total, note) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1
      const percent = Math.floor(ratio * 100)
      const counts = note ?? `${grouped(done)}/${grouped(total)}`
      if (out.isTTY) {
        const filled = Math.round(ratio * WIDTH)
        const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${counts}`
        if (line === shown) return
        // Spaces rub out the rest of a longer line drawn before.
        out.write(`\r${line}${' '.repeat(Math.max(0, shown.length - line.length))}`)
        shown = line
        return
      }
      const line = `${label}: ${percent}% (${counts})\n`
      const tenth = Math.floor(percent / 10)
      written = line === latest && written
      latest = line
      if (tenth === lastTenth) return
      lastTenth = tenth
      out.write(line)
      written = true
    },
    finish() {
      if (out.isTTY && shown !== '') out.write('\n')
      if (!out.isTTY && !written) out.write(latest)
      shown = ''
      written = true
    },
  }
}
