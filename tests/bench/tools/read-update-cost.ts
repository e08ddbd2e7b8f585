// How much CPU the relay's reading of one client update costs (read-update.ts: decode, dependency
// check, parents of the inserts), next to applying it with Yjs: one chat of N messages, then
// single-message updates as a client sends them. Prints a table of medians; asserts nothing.
// Run: node --import tsx tests/bench/tools/read-update-cost.ts

import * as Y from 'yjs'
import { appendMessage, initChat } from '@parley/chat-model'
import { readClientUpdate } from '../../../sync-server/src/relay/read-update.ts'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function run(existing: number, samples: number) {
  const relay = new Y.Doc()
  const client = new Y.Doc()
  initChat(client, { id: 'c', members: ['a', 'b'], createdBy: 'a', createdAt: 1 })
  for (let i = 0; i < existing; i++) appendMessage(client, { id: `m${i}`, author: 'a', text: `message ${i} with some words in it`, at: 1 })
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(client))
  const readUs: number[] = []
  const applyUs: number[] = []
  for (let i = 0; i < samples; i++) {
    const before = Y.encodeStateVector(client)
    appendMessage(client, { id: `n${i}`, author: 'a', text: `a new message ${i}`, at: 1 })
    const update = Y.encodeStateAsUpdate(client, before)
    let t = performance.now()
    const read = readClientUpdate(relay, update)
    readUs.push((performance.now() - t) * 1000)
    t = performance.now()
    Y.applyUpdate(relay, read.update)
    applyUs.push((performance.now() - t) * 1000)
  }
  return { existing, read: median(readUs), apply: median(applyUs) }
}

const rows = [1_000, 10_000, 100_000].map((n) => run(n, 2_000))
console.log('messages in the chat | read-update µs (median) | Y.applyUpdate µs (median)')
for (const r of rows) console.log(`${String(r.existing).padStart(20)} | ${r.read.toFixed(1).padStart(23)} | ${r.apply.toFixed(1).padStart(25)}`)
