// Everything a signed-in person works with, built once per session and torn down at sign-out:
// presence, inbox, directory, chat sessions, the panel, and the actions the UI calls. Components
// reach it through `useWorkspace()`.

import { createContext, createEffect, onCleanup, useContext } from 'solid-js'
import type { Org, User } from './api.ts'
import { createAttention, type Attention } from './attention.ts'
import { createChatList, type ChatList } from './chat-list.ts'
import { createChatSessions, type ChatSessions } from './chat-sessions.ts'
import { createConnection, type Connection } from './connection.ts'
import { createDirectory, type Directory } from './directory.ts'
import { createDrafts, type Drafts } from './drafts.ts'
import { createInbox, type Inbox } from './inbox.ts'
import { openLocalKv } from './local-kv.ts'
import { createMessageIndex, type MessageIndex } from './message-index.ts'
import { createPanel, type Panel } from './panel.ts'
import { createPresence, type Presence } from './presence.ts'
import type { Session } from './session.ts'
import { requestPersistentStorage } from './storage-persistence.ts'

export interface Workspace {
  me: User
  org: Org
  directory: Directory
  presence: Presence
  inbox: Inbox
  chats: ChatList
  sessions: ChatSessions
  panel: Panel
  attention: Attention
  connection: Connection
  drafts: Drafts
  messageIndex: MessageIndex
  /** Opens my chat with `userId`, creating it if there is none yet. */
  startChatWith(userId: string): Promise<void>
  /** Opens a chat for me (from Chat Home, the alert or History's restart) and shows it, at `messageId` if given. */
  openChat(chatId: string, messageId?: string): void
  /** Shows a chat without reopening it (reading a closed chat from Chat History). */
  viewChat(chatId: string): void
  /** Closes a chat for me only. */
  closeChat(chatId: string): void
  /** "Someone wants to Chat!" seen and set aside: the chats stay in Chat Home. */
  dismissAlert(): void
}

/** Builds the workspace; call inside a reactive owner, which tears it down when disposed. */
export function createWorkspace(session: Session, onUnauthorized: () => void): Workspace {
  const { user: me, org } = session
  const syncOptions = { onUnauthorized }

  const kv = openLocalKv(me.id)
  const directory = createDirectory(org.id, onUnauthorized)
  const presence = createPresence(me, syncOptions)
  const inbox = createInbox(me.id, syncOptions, kv)
  const sessions = createChatSessions(me, syncOptions, kv, inbox.headOf)
  const chats = createChatList(me.id, inbox)
  const panel = createPanel()
  const drafts = createDrafts(kv)
  const messageIndex = createMessageIndex(kv, { chats, sessions: sessions.live })
  const connection = createConnection({
    status: inbox.status,
    nextRetryAt: inbox.nextRetryAt,
    pending: sessions.pendingCount,
    failed: sessions.failedCount,
  })
  void requestPersistentStorage()
  // The directory stays live: someone online whom it does not list joined the organization since.
  const asked = new Set<string>()
  createEffect(() => {
    const listed = new Set(directory.people().map((p) => p.id))
    const unknown = [...presence.online()].filter((id) => !listed.has(id) && !asked.has(id))
    if (listed.size === 0 || unknown.length === 0) return
    for (const id of unknown) asked.add(id)
    void directory.refresh()
  })
  onCleanup(() => {
    sessions.destroy()
    inbox.destroy()
    presence.destroy()
    kv.close()
  })

  const openChat = (chatId: string, messageId?: string) => {
    inbox.open(chatId)
    panel.show({ name: 'chat', chatId, from: 'home', ...(messageId ? { messageId } : {}) })
  }
  const attention = createAttention({
    meId: me.id,
    chats,
    ready: inbox.synced,
    nameOf: directory.nameOf,
    openChat,
  })

  return {
    me,
    org,
    directory,
    presence,
    inbox,
    chats,
    sessions,
    panel,
    attention,
    connection,
    drafts,
    messageIndex,
    openChat,
    async startChatWith(userId) {
      // Waiting for the inbox avoids a second chat with someone we already talk to.
      await inbox.whenReady()
      const existing = chats.withPerson(userId)
      if (existing) return openChat(existing.chatId)
      const meta = sessions.create(userId)
      inbox.addLocal(meta)
      openChat(meta.id)
    },
    viewChat: (chatId) => panel.show({ name: 'chat', chatId, from: 'history' }),
    closeChat(chatId) {
      inbox.close(chatId)
      const view = panel.view()
      if (view.name === 'chat' && view.chatId === chatId) panel.show({ name: view.from })
    },
    dismissAlert() {
      for (const chat of chats.wanting()) inbox.open(chat.chatId)
    },
  }
}

const WorkspaceContext = createContext<Workspace>()
export const WorkspaceProvider = WorkspaceContext.Provider

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext)
  if (!workspace) throw new Error('useWorkspace() must be called under <WorkspaceProvider>')
  return workspace
}
