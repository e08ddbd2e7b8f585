// Chats and awareness as the multi-relay tests use them: a chat created on one relay and known
// to be registered (its creation is acknowledged, and the relay registers a chat in the commit of
// the update that created it), and who a client sees in a room's awareness.

import * as Y from 'yjs'
import { chatRoom } from '@parley/protocol'
import type { Login } from '../../support/relay.ts'
import { newChatDoc, say } from '../../support/chat.ts'
import { waitFor } from '../../support/wait.ts'
import type { Client } from '../../support/yclient.ts'
import type { ClusterRelay } from './cluster.ts'
import type { AckingClient, ClusterFixture } from './use-cluster.ts'

/** True when the relay has acknowledged everything `client`'s document has written itself. */
export const allAcked = (client: AckingClient) => (client.acked().get(client.doc.clientID) ?? 0) >= Y.getState(client.doc.store, client.doc.clientID)

/**
 * `creator` creates a chat with `other` on `relay` (with `firstMessage`, if given) and waits until
 * the relay acknowledges it: from then on the chat is in the index every relay reads.
 */
export async function createChat(fx: ClusterFixture, relay: ClusterRelay, creator: Login, other: Login, firstMessage?: string) {
  const { doc, chatId } = newChatDoc(creator.user.id, other.user.id)
  if (firstMessage !== undefined) say(doc, creator.user.id, firstMessage)
  const client = fx.openAcking(relay, chatRoom(chatId), creator.token, doc)
  await client.synced()
  await waitFor(() => allAcked(client), `relay ${relay.name} to acknowledge the new chat`)
  return { chatId, doc, client }
}

export type AwarenessState = { user?: { id?: string; name?: string }; status?: string; typing?: boolean }
export const statesOf = (client: Client) => [...client.provider.awareness.getStates().values()] as AwarenessState[]
/** Whether `client` sees a state of `userId` (that passes `extra`) in its room's awareness. */
export const sees = (client: Client, userId: string, extra: (s: AwarenessState) => boolean = () => true) =>
  statesOf(client).some((s) => s.user?.id === userId && extra(s))

/** What a dead network looks like to the relay: the socket closes without a word from the client. */
export const dropSocket = (client: Client) => (client.provider.ws as unknown as { terminate(): void }).terminate()
