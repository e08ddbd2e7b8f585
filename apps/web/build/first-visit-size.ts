// A vite plugin that prints how much JavaScript a first visit downloads, gzipped: the entry
// chunk and every chunk it imports statically (lazy chunks are left out). The build fails when
// it passes the budget, so a heavy dependency is noticed the day it is added. Entries that a
// visit of the app never loads (the /embed.js that host pages load) are named in `except`.

import { gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

type Chunk = { type: 'chunk'; isEntry: boolean; name: string; imports: string[]; code: string; fileName: string }

export function firstVisitSize(budgetKiB: number, options: { except?: string[] } = {}): Plugin {
  return {
    name: 'parley:first-visit-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Chunk>()
      for (const [fileName, output] of Object.entries(bundle)) if (output.type === 'chunk') chunks.set(fileName, output as Chunk)

      const loaded = new Set<string>()
      const visit = (fileName: string) => {
        if (loaded.has(fileName)) return
        loaded.add(fileName)
        for (const next of chunks.get(fileName)?.imports ?? []) visit(next)
      }
      for (const chunk of chunks.values()) if (chunk.isEntry && !options.except?.includes(chunk.name)) visit(chunk.fileName)

      let raw = 0
      let gzipped = 0
      for (const fileName of loaded) {
        const code = chunks.get(fileName)?.code ?? ''
        raw += Buffer.byteLength(code)
        gzipped += gzipSync(code, { level: 9 }).byteLength
      }
      const kib = (bytes: number) => (bytes / 1024).toFixed(1)
      const line = `First-visit JavaScript: ${kib(gzipped)} KiB gzipped (${kib(raw)} KiB raw, ${loaded.size} file${loaded.size === 1 ? '' : 's'}); budget ${budgetKiB} KiB`
      console.log(`\n${line}\n`)
      if (gzipped > budgetKiB * 1024) this.error(`${line}: over budget`)
    },
  }
}
