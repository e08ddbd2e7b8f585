// Durable before visible: whatever anyone has seen survives a restart of the relay, and a
// SIGKILL right after a client saw a message. The relay stores an update before it passes it on,
// so "Bob saw it" implies "it is on disk".

import { afterEach, describe, expect, it } from 'vitest'
import { chatRoom } from '@parley/protocol'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../support/relay-process.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient, type Client } from '../support/yclient.ts'

const clients: Client[] = []
const relays: RelayProcess[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const relay of relays.splice(0)) {
    await relay.kill()
    removeDataDir(relay.dataDir)
  }
})

const start = async (dataDir?: string) => {
  const relay = await startRelayProcess(dataDir ? { dataDir } : {})
  if (!dataDir) relays.push(relay)
  return relay
}
const login = async (relay: RelayProcess, email: string) => {
  const res = await fetch(`${relay.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'parley' }),
  })
  return (await res.json()) as { token: string; user: { id: string } }
}
const syncUrl = (relay: RelayProcess) => relay.url.replace(/^http/, 'ws') + '/sync'
const open = (...args: Parameters<typeof connectClient>) => {
  const client = connectClient(...args)
  clients.push(client)
  return client
}

/** Alice and Bob in a fresh chat on `relay`. */
async function chatOn(relay: RelayProcess) {
  const alice = await login(relay, 'alice@acme.test')
  const bob = await login(relay, 'bob@acme.test')
  const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
  const a = open(syncUrl(relay), chatRoom(chatId), alice.token, { doc })
  await a.synced()
  const b = open(syncUrl(relay), chatRoom(chatId), bob.token)
  await b.synced()
  return { alice, bob, chatId, a, b }
}

/** What a fresh reader finds in the chat on a relay started again on the same data folder. */
async function readAfterRestart(dataDir: string, chatId: string) {
  const again = await start(dataDir)
  relays.push(again)
  const bob = await login(again, 'bob@acme.test')
  const reader = open(syncUrl(again), chatRoom(chatId), bob.token)
  await reader.synced()
  return texts(reader.doc)
}

describe('the relay keeps what it has shown', () => {
  it('across a graceful restart', async () => {
    const relay = await startRelayProcess()
    const { alice, bob, chatId, a, b } = await chatOn(relay)
    for (let i = 0; i < 20; i++) say(i % 2 ? b.doc : a.doc, i % 2 ? bob.user.id : alice.user.id, `message ${i}`)
    await waitFor(() => texts(a.doc).length === 20 && texts(b.doc).length === 20, 'both to hold 20 messages')
    a.destroy()
    b.destroy()
    await relay.stop()
    expect(await readAfterRestart(relay.dataDir, chatId)).toEqual(texts(a.doc))
    removeDataDir(relay.dataDir)
  })

  it('across a SIGKILL right after a client saw a message', async () => {
    const relay = await startRelayProcess()
    const { alice, chatId, a, b } = await chatOn(relay)
    // Kill the relay the moment Bob's document shows the 30th message, while Alice keeps writing.
    let seenAtKill: string[] = []
    const killed = new Promise<void>((resolve) => {
      const watch = () => {
        if (texts(b.doc).length >= 30 && seenAtKill.length === 0) {
          seenAtKill = texts(b.doc)
          relay.child.kill('SIGKILL')
          b.doc.off('update', watch)
          resolve()
        }
      }
      b.doc.on('update', watch)
    })
    for (let i = 0; i < 60; i++) {
      say(a.doc, alice.user.id, `burst ${i}`)
      if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve))
    }
    await killed
    await relay.kill()
    a.destroy()
    b.destroy()
    const stored = await readAfterRestart(relay.dataDir, chatId)
    expect(seenAtKill.length).toBeGreaterThanOrEqual(30)
    expect(stored.slice(0, seenAtKill.length)).toEqual(seenAtKill)
    removeDataDir(relay.dataDir)
  })
})
