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
  /** The rows waiting for `userId`'s inbox. */
  waiting(userId: string): Promise<InboxChat[]>
  /** Forgets rows now stored in the inbox document, unless a newer row replaced them meanwhile. */
  settle(userId: string, rows: readonly InboxChat[]): Promise<void>
}

// Rows are put here with the documents, in the same commit (storage/doc-store.ts IndexWrites).

export function createSqlitePendingInboxRows(db: Db): PendingInboxRows {
  const select = db.prepare<[string], { row: string }>('SELECT row FROM pending_inbox_rows WHERE user_id = ? ORDER BY chat_id')
  const remove = db.prepare('DELETE FROM pending_inbox_rows WHERE user_id = ? AND chat_id = ? AND row = ?')
  const settleAll = db.transaction((userId: string, rows: readonly InboxChat[]) => {
    for (const row of rows) remove.run(userId, row.chatId, JSON.stringify(row))
  })
  return {
    waiting: async (userId) => select.all(userId).map((r) => JSON.parse(r.row) as InboxChat),
    settle: async (userId, rows) => {
      if (rows.length) settleAll(userId, rows)
    },
  }
}
