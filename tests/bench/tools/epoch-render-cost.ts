// How long the relay takes to render a stored chat epoch for history pages (chats/epoch-render.ts):
// a legacy epoch 0 of N messages stored as one compacted snapshot, two authors taking turns, as the
// relay holds a long chat from before epochs. Prints the snapshot's bytes, the render time on this
// thread (median of a few runs), the same on the relay's render worker with the time this thread
// spends handing the snapshot over (what the relay's event loop pays; the result comes back
// transferred, not copied), and the bytes of a 50-message page; then the same chat on a real relay
// (SQLite, in this process): the first GET of its newest history page (stored read and render) and
// the next one (from the render cache), with their bytes. Asserts nothing.
// Run: node --import tsx tests/bench/tools/epoch-render-cost.ts [N=100000]

import * as Y from 'yjs'
import { initChat, messagesArray, type Message } from '@parley/chat-model'
import { renderEpoch, sliceEpoch } from '../../../sync-server/src/chats/epoch-render.ts'
import { createEpochRenderer } from '../../../sync-server/src/chats/epoch-renderer.ts'
import { NO_INDEX_WRITES } from '../../../sync-server/src/storage/doc-store.ts'
import { chatRoom } from '@parley/protocol'
import { startTestRelay } from '../../support/relay.ts'

const N = Number(process.argv[2] ?? 100_000)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const writers = [new Y.Doc(), new Y.Doc()]
initChat(writers[0]!, { id: 'c', members: ['alice', 'bob'], createdBy: 'alice', createdAt: 1 })
Y.applyUpdate(writers[1]!, Y.encodeStateAsUpdate(writers[0]!))
// Runs of a few messages per author, as a conversation goes.
for (let i = 0; i < N; i += 4) {
  const w = (i / 4) % 2
  const writer = writers[w]!
  const before = Y.encodeStateVector(writer)
  const batch: Message[] = []
  for (let j = i; j < Math.min(N, i + 4); j++) batch.push({ id: `m${j}-${Math.random().toString(36).slice(2, 12)}`, author: w ? 'bob' : 'alice', text: `Message number ${j}, about the Henderson file and the next steps for it.`, at: 1_800_000_000_000 + j })
  writer.transact(() => messagesArray(writer).push(batch))
  Y.applyUpdate(writers[1 - w]!, Y.encodeStateAsUpdate(writer, before))
}
const snapshot = Y.encodeStateAsUpdate(writers[0]!)
const times: number[] = []
let rendered = renderEpoch([snapshot], 0)
for (let run = 0; run < 5; run++) {
  const started = performance.now()
  rendered = renderEpoch([snapshot], 0)
  times.push(performance.now() - started)
}
const renderer = createEpochRenderer()
await renderer.render([new Uint8Array([0, 0])], 0) // the worker's start-up, not counted
const workerTimes: number[] = []
const handOver: number[] = []
for (let run = 0; run < 3; run++) {
  const started = performance.now()
  const rendering = renderer.render([snapshot], 0)
  handOver.push(performance.now() - started)
  await rendering
  workerTimes.push(performance.now() - started)
}
await renderer.close()
const page = `{"chatId":"c","head":1,"messages":[${sliceEpoch(rendered, rendered.count - 50, rendered.count)}],"before":"0.${rendered.count - 50}"}`
console.log(`| messages | snapshot bytes | render ms, this thread | render ms, worker | ms on the relay's thread, worker | rendered bytes | 50-message page bytes |`)
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
console.log(
  `| ${N} | ${snapshot.byteLength} | ${median(times).toFixed(0)} | ${median(workerTimes).toFixed(0)} | ${median(handOver).toFixed(1)} | ${rendered.json.byteLength} | ${Buffer.byteLength(page)} |`,
)

// The same epoch 0 as a legacy chat on a real relay, sealed (head 1), read through the route.
const relay = await startTestRelay()
try {
  const [alice, bob] = await relay.logins('alice@acme.test', 'bob@acme.test')
  const chatId = 'bench-history-chat'
  await relay.server.backend.docs.commit([{ room: chatRoom(chatId), update: snapshot }], {
    ...NO_INDEX_WRITES,
    registered: [{ id: chatId, orgId: alice.user.orgId, createdBy: alice.user.id, createdAt: 1, members: [alice.user.id, bob.user.id] }],
    sealed: [[chatId, 1]],
  })
  const get = async () => {
    const started = performance.now()
    const res = await fetch(`${relay.url}/api/chats/${chatId}/history?limit=50`, { headers: { authorization: `Bearer ${bob.token}` } })
    const body = await res.text()
    return { ms: performance.now() - started, bytes: Buffer.byteLength(body), status: res.status }
  }
  const cold = await get()
  const warm = [await get(), await get(), await get()]
  console.log('')
  console.log('| GET /api/chats/:id/history?limit=50 | status | ms | body bytes |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(`| first (load + render) | ${cold.status} | ${cold.ms.toFixed(0)} | ${cold.bytes} |`)
  console.log(`| next (cached; median of 3) | ${warm[0]!.status} | ${median(warm.map((w) => w.ms)).toFixed(1)} | ${warm[0]!.bytes} |`)
} finally {
  await relay.close()
}
