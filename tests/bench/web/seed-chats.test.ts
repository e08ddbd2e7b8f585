// The web reload benchmark's seeding, at a tenth of its messages: a real relay ends up listing 40
// chats in Alice's inbox, with every message counted, both members writing, and all read and open.

import { afterAll, beforeAll, expect, test } from 'vitest'
import { inboxChats, inboxState } from '@parley/chat-model'
import { inboxRoom } from '@parley/protocol'
import { addColleagues, TEAM_PEOPLE } from '../../e2e/support/team.ts'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../../support/relay-process.ts'
import { tempDir } from '../../support/relay.ts'
import { waitFor } from '../../support/wait.ts'
import { connectClient } from '../../support/yclient.ts'
import { login, seedChats } from './seed-chats.ts'

let relay: RelayProcess
beforeAll(async () => {
  const dataDir = tempDir()
  await addColleagues(dataDir, TEAM_PEOPLE)
  relay = await startRelayProcess({ dataDir })
})
afterAll(async () => {
  await relay.stop()
  removeDataDir(relay.dataDir)
})

test('seeding writes 40 chats of Alice’s with the messages spread over them, all read', async () => {
  const chatIds = await seedChats(relay.url, { chats: 40, messages: 1_000 })
  expect(new Set(chatIds).size).toBe(40)

  const alice = await login(relay.url, 'alice@acme.test')
  const inbox = connectClient(relay.url.replace(/^http/, 'ws') + '/sync', inboxRoom(alice.user.id), alice.token)
  try {
    await waitFor(() => inbox.provider.synced && inboxChats(inbox.doc).size === 40, 'Alice’s inbox to list 40 chats')
    const chats = chatIds.map((id) => inboxChats(inbox.doc).get(id)!)
    expect(chats.reduce((n, c) => n + c.messageCount, 0)).toBe(1_000)
    // 25 messages each, in turns of 5: Alice writes 15, the colleague 10.
    expect(chats.every((c) => c.messageCount === 25 && c.fromOthers === 10)).toBe(true)
    expect(chatIds.every((id) => inboxState(inbox.doc).get(id)?.open === true && inboxState(inbox.doc).get(id)?.seen === 10)).toBe(true)
  } finally {
    inbox.destroy()
  }
}, 60_000)
