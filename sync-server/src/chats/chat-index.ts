// The relay's index of chats: which chats exist, who is in each, when each last had a message,
// its head (the epoch new messages go to) and each epoch's message counts. It answers "may this
// user enter chat/<id>[/<n>]", GET /api/chats and the inbox rows' totals; the chat's content
// lives only in its Yjs documents.

import type { Db } from '../storage/database.ts'
import type { EpochStats } from './chat-epochs.ts'

export interface ChatRecord {
  id: string
  orgId: string
  createdBy: string
  createdAt: number
  lastMessageAt: number | null
  members: string[]
  /** The chat's newest epoch, where new messages go: room chat/<id> while 0, chat/<id>/<head> after. */
  head: number
}

export interface ChatIndex {
  get(chatId: string): Promise<ChatRecord | null>
  /** The user's chats, most recent activity first. */
  listForUser(userId: string, limit: number): Promise<ChatRecord[]>
  /** The stored stats of each epoch of the chat, oldest first (an epoch never written has none). */
  epochs(chatId: string): Promise<EpochStats[]>
}

// Registrations and last-message times are written with the documents, in the same commit
// (storage/doc-store.ts IndexWrites): the index never names a chat whose creation is not stored.

export function createSqliteChatIndex(db: Db): ChatIndex {
  const selectChat = db.prepare<[string], { id: string; org_id: string; created_by: string; created_at: number; last_message_at: number | null; head: number }>(
    'SELECT id, org_id, created_by, created_at, last_message_at, head FROM chats WHERE id = ?',
  )
  const selectEpochs = db.prepare<[string], EpochRow>('SELECT chat_id, epoch, messages, by_author, last_message FROM chat_epochs WHERE chat_id = ? ORDER BY epoch')
  const selectMembers = db.prepare<[string], { user_id: string }>('SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id')
  const selectForUser = db.prepare<[string, number], { id: string }>(
    `SELECT c.id FROM chats c JOIN chat_members m ON m.chat_id = c.id
     WHERE m.user_id = ? ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id LIMIT ?`,
  )

  const get = (chatId: string): ChatRecord | null => {
    const row = selectChat.get(chatId)
    if (!row) return null
    return {
      id: row.id,
      orgId: row.org_id,
      createdBy: row.created_by,
      createdAt: row.created_at,
      lastMessageAt: row.last_message_at,
      members: selectMembers.all(chatId).map((m) => m.user_id),
      head: row.head,
    }
  }

  return {
    get: async (chatId) => get(chatId),
    listForUser: async (userId, limit) =>
      selectForUser
        .all(userId, limit)
        .map((r) => get(r.id))
        .filter((c): c is ChatRecord => c !== null),
    epochs: async (chatId) => selectEpochs.all(chatId).map(toEpochStats),
  }
}

/** A chat_epochs row as both engines return it (numbers may come as strings from PostgreSQL). */
export interface EpochRow {
  chat_id: string
  epoch: number | string
  messages: number | string
  by_author: string
  last_message: string | null
}

export const toEpochStats = (row: EpochRow): EpochStats => ({
  chatId: row.chat_id,
  epoch: Number(row.epoch),
  messages: Number(row.messages),
  byAuthor: JSON.parse(row.by_author) as Record<string, number>,
  lastMessage: row.last_message === null ? null : (JSON.parse(row.last_message) as EpochStats['lastMessage']),
})
