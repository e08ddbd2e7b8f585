// The chat index and the inbox rows waiting for their document, read from PostgreSQL. Both are
// written only inside a document commit (index-writes.ts), so that a chat is in the index from
// the moment its creating update is stored.

import type { InboxChat } from '@parley/chat-model'
import { toEpochStats, type ChatIndex, type ChatRecord, type EpochRow } from '../../chats/chat-index.ts'
import type { PendingInboxRows } from '../../chats/pending-inbox-rows.ts'
import type { PgDb } from './pool.ts'

interface ChatRow {
  id: string
  org_id: string
  created_by: string
  created_at: string
  last_message_at: string | null
  head: number
  members: string[]
}

const CHAT_COLUMNS = `c.id, c.org_id, c.created_by, c.created_at, c.last_message_at, c.head,
  ARRAY(SELECT m.user_id FROM chat_members m WHERE m.chat_id = c.id ORDER BY m.user_id) AS members`

const toChat = (row: ChatRow): ChatRecord => ({
  id: row.id,
  orgId: row.org_id,
  createdBy: row.created_by,
  createdAt: Number(row.created_at),
  lastMessageAt: row.last_message_at === null ? null : Number(row.last_message_at),
  members: row.members,
  head: row.head,
})

export function createPostgresChatIndex(db: PgDb): Pick<ChatIndex, 'get' | 'listForUser' | 'epochs'> {
  return {
    async get(chatId) {
      const row = (await db.query<ChatRow>(`SELECT ${CHAT_COLUMNS} FROM chats c WHERE c.id = $1`, [chatId])).rows[0]
      return row ? toChat(row) : null
    },
    async listForUser(userId, limit) {
      const rows = await db.query<ChatRow>(
        `SELECT ${CHAT_COLUMNS} FROM chats c JOIN chat_members me ON me.chat_id = c.id
         WHERE me.user_id = $1 ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id LIMIT $2`,
        [userId, limit],
      )
      return rows.rows.map(toChat)
    },
    async epochs(chatId) {
      const rows = await db.query<EpochRow>('SELECT chat_id, epoch, messages, by_author, last_message FROM chat_epochs WHERE chat_id = $1 ORDER BY epoch', [chatId])
      return rows.rows.map(toEpochStats)
    },
  }
}

export function createPostgresPendingInboxRows(db: PgDb): Pick<PendingInboxRows, 'waiting' | 'settle'> {
  return {
    async waiting(userId) {
      const rows = await db.query<{ row: string }>('SELECT row FROM pending_inbox_rows WHERE user_id = $1 ORDER BY chat_id', [userId])
      return rows.rows.map((r) => JSON.parse(r.row) as InboxChat)
    },
    async settle(userId, rows) {
      if (!rows.length) return
      // Only a row still equal to what was moved in goes: a newer one written meanwhile stays.
      await db.query(
        `DELETE FROM pending_inbox_rows p USING unnest($2::text[], $3::text[]) AS done(chat_id, row)
         WHERE p.user_id = $1 AND p.chat_id = done.chat_id AND p.row = done.row`,
        [userId, rows.map((r) => r.chatId), rows.map((r) => JSON.stringify(r))],
      )
    },
  }
}
