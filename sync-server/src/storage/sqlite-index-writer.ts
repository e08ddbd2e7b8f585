// The relay's side tables that move with the documents (the chat index, its heads and epoch
// stats, waiting inbox rows),
// written inside the SQLite transaction that commits the documents (sqlite-doc-store.ts).

import type { Db } from './database.ts'
import type { IndexWrites } from './doc-store.ts'

/** Writes the chat index and waiting inbox rows; called inside the commit's transaction. */
export function sqliteIndexWriter(db: Db): (index: IndexWrites) => void {
  const insertChat = db.prepare('INSERT INTO chats (id, org_id, created_by, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
  const insertMember = db.prepare('INSERT OR IGNORE INTO chat_members (chat_id, user_id) VALUES (?, ?)')
  const updateLast = db.prepare('UPDATE chats SET last_message_at = max(coalesce(last_message_at, 0), ?) WHERE id = ?')
  const upsertRow = db.prepare(
    `INSERT INTO pending_inbox_rows (user_id, chat_id, row) VALUES (?, ?, ?)
     ON CONFLICT (user_id, chat_id) DO UPDATE SET row = excluded.row`,
  )
  const updateHead = db.prepare('UPDATE chats SET head = max(head, ?) WHERE id = ?')
  const upsertEpoch = db.prepare(
    `INSERT INTO chat_epochs (chat_id, epoch, messages, by_author, last_message) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (chat_id, epoch) DO UPDATE SET messages = excluded.messages, by_author = excluded.by_author, last_message = excluded.last_message`,
  )
  return (index) => {
    for (const chat of index.registered) {
      // A chat registered already (by another process, or before a restart) keeps its members.
      if (insertChat.run(chat.id, chat.orgId, chat.createdBy, chat.createdAt).changes === 0) continue
      for (const member of chat.members) insertMember.run(chat.id, member)
    }
    for (const [chatId, at] of index.touched) updateLast.run(at, chatId)
    for (const { userId, row } of index.waiting) upsertRow.run(userId, row.chatId, JSON.stringify(row))
    for (const [chatId, head] of index.sealed) updateHead.run(head, chatId)
    for (const e of index.epochs) upsertEpoch.run(e.chatId, e.epoch, e.messages, JSON.stringify(e.byAuthor), e.lastMessage ? JSON.stringify(e.lastMessage) : null)
  }
}
