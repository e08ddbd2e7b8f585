// Makes docs/chat-home.png, the README's picture of a busy Chat Home: the 44-person organization
// of the browser tests, Alice's 40 chats, a few of them new, in Chromium. Run it after changing
// the UI:   npm run build -w @parley/web && npx tsx tests/e2e/support/busy-screenshot.ts

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { appendMessage, newMessageId } from '@parley/chat-model'
import { chatRoom } from '@parley/protocol'
import { removeDataDir, startRelayProcess } from '../../support/relay-process.ts'
import { tempDir } from '../../support/relay.ts'
import { waitFor } from '../../support/wait.ts'
import { connectClient } from '../../support/yclient.ts'
import { launchChromium } from './browser.ts'
import { Person } from './person.ts'
import { seedTeamAccounts, seedTeamChats } from './team.ts'

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/chat-home.png')

const dataDir = tempDir()
await seedTeamAccounts(dataDir)
const relay = await startRelayProcess({ dataDir })
const browser = await launchChromium()
try {
  const { chats } = await seedTeamChats(relay.url)
  // Three colleagues write while Alice is away: their rows are new, bold and counted.
  const syncUrl = relay.url.replace(/^http/, 'ws') + '/sync'
  const lines = ['Can we move the Henderson debrief to 4?', 'The client signed! Drinks on Friday.', 'Quick one: who owns the Globex shortlist now?']
  for (const [i, text] of lines.entries()) {
    const chat = chats[i + 8]!
    const res = await fetch(`${relay.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: chat.other.email, password: 'parley' }) })
    const { token } = (await res.json()) as { token: string }
    const client = connectClient(syncUrl, chatRoom(chat.chatId), token)
    await client.synced()
    appendMessage(client.doc, { id: newMessageId(), author: chat.other.id, text, at: Date.now() - (3 - i) * 60_000 })
    await waitFor(() => !client.provider.ws?.bufferedAmount, 'the message to be sent')
    client.destroy()
  }
  const context = await browser.newContext({ baseURL: relay.url, viewport: { width: 1280, height: 860 }, deviceScaleFactor: 2 })
  const page = await context.newPage()
  await page.goto('/')
  const alice = new Person('alice', page)
  await alice.signIn('alice@acme.test')
  await waitFor(async () => (await alice.unreadCount()) === 3, 'the three new messages on the icon', 20_000)
  await alice.openPanel()
  await alice.list('New chats').getByRole('listitem').nth(2).waitFor()
  await page.mouse.move(0, 0)
  // The icon's unread flash runs three times; the picture shows it at rest.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
  await page.screenshot({ path: out })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await relay.stop()
  removeDataDir(relay.dataDir)
}
