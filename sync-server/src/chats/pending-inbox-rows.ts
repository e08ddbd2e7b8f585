// Inbox rows waiting for their inbox document. A chat's new message changes both members' inbox
// rows, but an inbox document is loaded only while its owner is connected (or shortly after), and
// loading one per message to write a row nobody is looking at cost the relay a Yjs transaction,
// a stored update and a room in memory per member. Rows for an inbox that is not loaded wait here,
// newest per chat, and move into the document when it loads (chat-indexing.ts).

import type { InboxChat } from '@parley/chat-model'
import type { Db } from '../storage/database.ts'

export interface PendingInboxRow {
  userId: string
  row: InboxChat
}

export interface PendingInboxRows {
  /** Keeps each row until its inbox loads, replacing an older row of the same chat; one transaction. */
  put(rows: readonly PendingInboxRow[]): void
  /** The rows waiting for `userId`'s inbox. */
  waiting(userId: string): InboxChat[]
  /** Forgets rows now stored in the inbox document, unless a newer row replaced them meanwhile. */
  settle(userId: string, rows: readonly InboxChat[]): void
}

export function createSqlitePendingInboxRows(db: Db): PendingInboxRows {
  const upsert = db.prepare(
    `INSERT INTO pending_inbox_rows (user_id, chat_id, row) VALUES (?, ?, ?)
     ON CONFLICT (user_id, chat_id) DO UPDATE SET row = excluded.row`,
  )
  const select = db.prepare<[string], { row: string }>('SELECT row FROM pending_inbox_rows WHERE user_id = ? ORDER BY chat_id')
  const remove = db.prepare('DELETE FROM pending_inbox_rows WHERE user_id = ? AND chat_id = ? AND row = ?')
  const putAll = db.transaction((rows: readonly PendingInboxRow[]) => {
    for (const { userId, row } of rows) upsert.run(userId, row.chatId, JSON.stringify(row))
  })
  const settleAll = db.transaction((userId: string, rows: readonly InboxChat[]) => {
    for (const row of rows) remove.run(userId, row.chatId, JSON.stringify(row))
  })
  return {
    put: (rows) => {
      if (rows.length) putAll(rows)
    },
    waiting: (userId) => select.all(userId).map((r) => JSON.parse(r.row) as InboxChat),
    settle: (userId, rows) => {
      if (rows.length) settleAll(userId, rows)
    },
  }
}
