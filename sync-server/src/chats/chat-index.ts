// The relay's index of chats: which chats exist, who is in each, and when each last had a
// message. It answers "may this user enter chat/<id>" and GET /api/chats; the chat's content
// lives only in its Yjs document.

import type { Db } from '../storage/database.ts'

export interface ChatRecord {
  id: string
  orgId: string
  createdBy: string
  createdAt: number
  lastMessageAt: number | null
  members: string[]
}

export interface ChatIndex {
  get(chatId: string): Promise<ChatRecord | null>
  /** The user's chats, most recent activity first. */
  listForUser(userId: string, limit: number): Promise<ChatRecord[]>
}

// Registrations and last-message times are written with the documents, in the same commit
// (storage/doc-store.ts IndexWrites): the index never names a chat whose creation is not stored.

export function createSqliteChatIndex(db: Db): ChatIndex {
  const selectChat = db.prepare<[string], { id: string; org_id: string; created_by: string; created_at: number; last_message_at: number | null }>(
    'SELECT id, org_id, created_by, created_at, last_message_at FROM chats WHERE id = ?',
  )
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
    }
  }

  return {
    get: async (chatId) => get(chatId),
    listForUser: async (userId, limit) =>
      selectForUser
        .all(userId, limit)
        .map((r) => get(r.id))
        .filter((c): c is ChatRecord => c !== null),
  }
}
