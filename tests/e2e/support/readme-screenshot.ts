// Makes docs/chat-window.png, the README's picture of the chat window: a real relay, three
// people in Chromium, a short conversation and Alice typing. Run it after changing the UI:
//   npm run build -w @parley/web && npx tsx tests/e2e/support/readme-screenshot.ts

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { removeDataDir, startRelayProcess } from '../../support/relay-process.ts'
import { waitFor } from '../../support/wait.ts'
import { launchChromium } from './browser.ts'
import { Person } from './person.ts'

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/chat-window.png')

const relay = await startRelayProcess()
const browser = await launchChromium()
try {
  const person = async (email: string) => {
    const context = await browser.newContext({ baseURL: relay.url, viewport: { width: 1280, height: 760 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    await page.goto('/')
    const p = new Person(email, page)
    await p.signIn(email)
    return p
  }
  const [alice, bob, carol] = await Promise.all([person('alice@acme.test'), person('bob@acme.test'), person('carol@acme.test')])

  await alice.startChatWith('Bob Brown')
  await alice.send('Morning Bob! Did the Henderson placement go through?')
  await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
  await bob.send('It did: contract signed at 9:40, and she starts on the 3rd.')
  await alice.send('Brilliant. Can you send her the welcome pack today?')
  await bob.send("On it. I'll copy you in.")
  await carol.startChatWith('Bob Brown')
  await carol.send('Bob, do you have a minute for the Globex shortlist?')
  await waitFor(async () => (await bob.messages()).length === 4, 'the conversation on Bob’s side')

  await alice.messageField.click()
  await alice.page.keyboard.type('Thanks! Also', { delay: 30 })
  await bob.typing('Alice Adams').waitFor()
  await bob.page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click()
  await bob.messageField.blur()
  await bob.page.screenshot({ path: out })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await relay.stop()
  removeDataDir(relay.dataDir)
}
