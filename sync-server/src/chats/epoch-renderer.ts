// Renders stored chat epochs on one worker thread (epoch-render-worker.ts), one at a time, so that
// a long epoch (about a second for 100,000 messages) never stalls the relay's event loop. The
// built relay starts the worker with itself (`warm`), so that the first history page after a start
// does not wait for a thread to boot; from the sources it starts on first use. It stops when the
// renderer closes. Run from the TypeScript sources
// (tests, development), the worker loads them through tsx; the built relay runs the bundled
// dist/epoch-render-worker.js beside dist/main.js.

import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { RenderedEpoch } from './epoch-render.ts'
import type { RenderRequest } from './epoch-render-worker.ts'

export interface EpochRenderer {
  render(updates: readonly Uint8Array[], epoch: number): Promise<RenderedEpoch>
  /**
   * Starts the worker now in the built relay (idle, it keeps nothing alive). From the TypeScript
   * sources it does nothing: test suites start many relays, and a tsx worker each would cost more
   * than the first page it speeds up.
   */
  warm(): void
  close(): Promise<void>
}

type Reply = { id: number; rendered: RenderedEpoch; error?: undefined } | { id: number; error: string }

const fromSources = import.meta.url.endsWith('.ts')

function startWorker(): Worker {
  if (!fromSources) return new Worker(new URL('./epoch-render-worker.js', import.meta.url))
  // tsx's ESM API (index.mjs beside the index.cjs that require resolves) registers its loader in
  // the worker before the worker's TypeScript entry is imported.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const entry = new URL('./epoch-render-worker.ts', import.meta.url).href
  return new Worker(`import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}) })`, { eval: true })
}

export function createEpochRenderer(): EpochRenderer {
  let worker: Worker | null = null
  let nextId = 1
  const waiting = new Map<number, { resolve(r: RenderedEpoch): void; reject(e: Error): void }>()

  const failAll = (error: Error) => {
    for (const pending of waiting.values()) pending.reject(error)
    waiting.clear()
    worker = null
  }
  const ensure = (): Worker => {
    if (worker) return worker
    const started = startWorker()
    started.on('message', (reply: Reply) => {
      const pending = waiting.get(reply.id)
      waiting.delete(reply.id)
      if (waiting.size === 0) started.unref()
      if (!pending) return
      if (reply.error !== undefined) pending.reject(new Error(`rendering an epoch failed: ${reply.error}`))
      // Its buffers were transferred, not copied: they are this thread's now.
      else pending.resolve(reply.rendered)
    })
    started.on('error', (err) => failAll(err))
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`the epoch render worker stopped (exit code ${code})`))
    })
    worker = started
    return started
  }

  return {
    render(updates, epoch) {
      const target = ensure()
      const id = nextId++
      const request: RenderRequest = { id, updates: [...updates], epoch }
      return new Promise<RenderedEpoch>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        // Busy, it keeps the process alive; idle, it must not.
        target.ref()
        target.postMessage(request)
      })
    },
    warm() {
      if (!fromSources) ensure().unref()
    },
    async close() {
      const running = worker
      worker = null
      if (running) await running.terminate()
      failAll(new Error('the epoch renderer is closed'))
    },
  }
}
