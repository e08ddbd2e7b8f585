// A plain-text progress bar for long CLI commands, on stderr: redrawn in place (carriage return)
// on a terminal, one line per tenth of the work otherwise (CI logs, pipes). It knows nothing of
// what is being done; the caller reports `done` out of `total`.

export interface ProgressOutput {
  write(text: string): void
  isTTY: boolean
}

export interface ProgressBar {
  update(done: number, total: number): void
  /** Ends the bar's line on a terminal; call once when the work is over. */
  finish(): void
}

const WIDTH = 30
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

export function createProgressBar(out: ProgressOutput, label: string): ProgressBar {
  let shown = ''
  let lastTenth = -1

  return {
    update(done, total) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1
      const percent = Math.floor(ratio * 100)
      const counts = `${grouped(done)}/${grouped(total)}`
      if (out.isTTY) {
        const filled = Math.round(ratio * WIDTH)
        const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${counts}`
        if (line === shown) return
        // Spaces rub out the rest of a longer line drawn before.
        out.write(`\r${line}${' '.repeat(Math.max(0, shown.length - line.length))}`)
        shown = line
        return
      }
      const tenth = Math.floor(percent / 10)
      if (tenth === lastTenth) return
      lastTenth = tenth
      out.write(`${label}: ${percent}% (${counts})\n`)
    },
    finish() {
      if (out.isTTY && shown !== '') out.write('\n')
      shown = ''
    },
  }
}
