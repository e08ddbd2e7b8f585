// The start most two-person scenarios share: Alice and Bob sign in, Alice starts a chat with Bob
// and writes, and Bob opens it from the "Someone wants to Chat!" alert.

import type { E2E } from './browser.ts'
import type { Person } from './person.ts'

export async function aliceWritesToBob(e2e: E2E, firstMessage: string): Promise<{ alice: Person; bob: Person }> {
  const [alice, bob] = await Promise.all([e2e.signIn('alice@acme.test', 'Alice Adams'), e2e.signIn('bob@acme.test', 'Bob Brown')])
  await alice.startChatWith('Bob Brown')
  await alice.send(firstMessage)
  await bob.alert.getByRole('button', { name: 'Open chat with Alice Adams' }).click()
  await bob.chatWindow('Alice Adams').waitFor()
  return { alice, bob }
}
