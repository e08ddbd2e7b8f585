// How much CPU the relay's reading of one client update costs (read-update.ts: decode, dependency
// check, parents of the inserts), next to applying it with Yjs: one chat of N messages, then
// single-message updates as clients send them, written by one author throughout or by two in
// turn. Yjs merges consecutive plain values of one client into one item by concatenating their
// arrays, so one author's long run makes every append cost the length of the run. Prints a
// table of medians; asserts nothing. Run: node --import tsx tests/bench/tools/read-update-cost.ts

import * as Y from 'yjs'
import { appendMessage, initChat } from '@parley/chat-model'
import { readClientUpdate } from '../../../sync-server/src/relay/read-update.ts'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Two writers that see each other's messages at once, as a conversation does. */
function conversation(authors: 1 | 2) {
  const writers = [new Y.Doc(), new Y.Doc()]
  initChat(writers[0]!, { id: 'c', members: ['a', 'b'], createdBy: 'a', createdAt: 1 })
  Y.applyUpdate(writers[1]!, Y.encodeStateAsUpdate(writers[0]!))
  let turn = 0
  return {
    doc: writers[0]!,
    /** The next message, as the update its writer sends. */
    say(text: string): Uint8Array {
      const writer = writers[authors === 1 ? 0 : turn++ % 2]!
      const before = Y.encodeStateVector(writer)
      appendMessage(writer, { id: `${text}-${turn}`, author: 'x', text, at: 1 })
      const update = Y.encodeStateAsUpdate(writer, before)
      for (const other of writers) if (other !== writer) Y.applyUpdate(other, update)
      return update
    },
  }
}

function run(existing: number, authors: 1 | 2, samples: number) {
  const chat = conversation(authors)
  for (let i = 0; i < existing; i++) chat.say(`message ${i} with some words in it`)
  const relay = new Y.Doc()
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(chat.doc))
  const readUs: number[] = []
  const applyUs: number[] = []
  for (let i = 0; i < samples; i++) {
    const update = chat.say(`a new message ${i}`)
    let t = performance.now()
    const read = readClientUpdate(relay, update)
    readUs.push((performance.now() - t) * 1000)
    t = performance.now()
    Y.applyUpdate(relay, read.update)
    applyUs.push((performance.now() - t) * 1000)
  }
  return { existing, authors, read: median(readUs), apply: median(applyUs) }
}

console.log('messages in the chat | authors | read-update µs (median) | Y.applyUpdate µs (median)')
for (const authors of [1, 2] as const) {
  for (const n of [1_000, 10_000, 100_000]) {
    const r = run(n, authors, 2_000)
    console.log(`${String(r.existing).padStart(20)} | ${String(authors).padStart(7)} | ${r.read.toFixed(1).padStart(23)} | ${r.apply.toFixed(1).padStart(25)}`)
  }
}
