// Writes a commit's IndexWrites (storage/doc-store.ts) inside the document commit's transaction:
// new chats and their members (a chat already registered is left as it is), when chats last had
// a message and their heads (neither ever moved back), each epoch's stats (the last in the batch
// wins), and inbox rows waiting for their document (newest per user and chat). Rows are written in a fixed order (by key), so that two relays committing at once wait
// for each other instead of deadlocking.

import type { EpochStats, IndexWrites } from '../doc-store.ts'
import type { Queryable } from './pool.ts'

const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)

export async function writeIndex(tx: Queryable, index: Partial<IndexWrites>): Promise<void> {
  for (const chat of [...(index.registered ?? [])].sort(byKey((c) => c.id))) {
    const inserted = await tx.query(
      'INSERT INTO chats (id, org_id, created_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
      [chat.id, chat.orgId, chat.createdBy, chat.createdAt],
    )
    if (!inserted.rowCount) continue
    await tx.query('INSERT INTO chat_members (chat_id, user_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [chat.id, [...chat.members]])
  }

  const latest = new Map<string, number>()
  for (const [chatId, at] of index.touched ?? []) latest.set(chatId, Math.max(at, latest.get(chatId) ?? at))
  if (latest.size) {
    const touched = [...latest].sort(byKey(([id]) => id))
    await tx.query(
      `UPDATE chats c SET last_message_at = greatest(coalesce(c.last_message_at, 0), t.at)
       FROM unnest($1::text[], $2::bigint[]) AS t(id, at) WHERE c.id = t.id`,
      [touched.map(([id]) => id), touched.map(([, at]) => at)],
    )
  }

  const heads = new Map<string, number>()
  for (const [chatId, head] of index.sealed ?? []) heads.set(chatId, Math.max(head, heads.get(chatId) ?? head))
  if (heads.size) {
    const sealed = [...heads].sort(byKey(([id]) => id))
    await tx.query(
      `UPDATE chats c SET head = greatest(c.head, t.head) FROM unnest($1::text[], $2::int[]) AS t(id, head) WHERE c.id = t.id`,
      [sealed.map(([id]) => id), sealed.map(([, head]) => head)],
    )
  }

  const epochs = new Map<string, EpochStats>()
  for (const e of index.epochs ?? []) epochs.set(`${e.chatId}\u0000${String(e.epoch).padStart(7, '0')}`, e)
  if (epochs.size) {
    const rows = [...epochs].sort(byKey(([key]) => key)).map(([, e]) => e)
    await tx.query(
      `INSERT INTO chat_epochs (chat_id, epoch, messages, by_author, last_message)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[])
       ON CONFLICT (chat_id, epoch) DO UPDATE SET messages = excluded.messages, by_author = excluded.by_author, last_message = excluded.last_message`,
      [rows.map((e) => e.chatId), rows.map((e) => e.epoch), rows.map((e) => e.messages), rows.map((e) => JSON.stringify(e.byAuthor)), rows.map((e) => (e.lastMessage ? JSON.stringify(e.lastMessage) : null))],
    )
  }

  // The last row of a (user, chat) in the batch wins, as it would written one after the other.
  const waiting = new Map<string, { userId: string; chatId: string; row: string }>()
  for (const { userId, row } of index.waiting ?? []) waiting.set(`${userId}\u0000${row.chatId}`, { userId, chatId: row.chatId, row: JSON.stringify(row) })
  if (waiting.size) {
    const rows = [...waiting].sort(byKey(([key]) => key)).map(([, row]) => row)
    await tx.query(
      `INSERT INTO pending_inbox_rows (user_id, chat_id, row) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (user_id, chat_id) DO UPDATE SET row = excluded.row`,
      [rows.map((r) => r.userId), rows.map((r) => r.chatId), rows.map((r) => r.row)],
    )
  }
}

export { hasIndexWrites } from '../doc-store.ts'
