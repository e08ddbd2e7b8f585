// The worker thread that renders stored chat epochs (epoch-render.ts), so that rebuilding a long
// epoch's document (about a second for 100,000 messages) never holds up the relay's event loop.
// Messages: { id, updates, epoch } in; { id, rendered } or { id, error } out, buffers transferred.

import { parentPort } from 'node:worker_threads'
import { renderEpoch } from './epoch-render.ts'

export interface RenderRequest {
  id: number
  updates: Uint8Array[]
  epoch: number
}

parentPort?.on('message', (request: RenderRequest) => {
  try {
    const rendered = renderEpoch(request.updates, request.epoch)
    parentPort!.postMessage({ id: request.id, rendered: { epoch: rendered.epoch, json: rendered.json, offsets: rendered.offsets, count: rendered.count } }, [
      rendered.json.buffer as ArrayBuffer,
      rendered.offsets.buffer as ArrayBuffer,
    ])
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) })
  }
})
