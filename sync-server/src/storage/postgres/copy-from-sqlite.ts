// Copies every table of a SQLite data folder's database into an empty PostgreSQL database, in one
// transaction (a failed copy leaves the target empty, ready for another try), keeping row numbers
// (document update seqs, record seqs) so that everything that refers to them still holds. Reading
// is synchronous (better-sqlite3); this runs in the CLI with the relay stopped, never in a relay.

import type { Db } from '../database.ts'
import { wordsOf } from '../../records/search-query.ts'
import type { PgDb, Queryable } from './pool.ts'
import { TABLES, type TableName } from './schema.ts'

type PgType = 'text' | 'bigint' | 'bytea'

/** Each table's columns with their PostgreSQL types, as both schemas name them. */
const COLUMNS: Record<TableName, ReadonlyArray<readonly [string, PgType]>> = {
  orgs: [['id', 'text'], ['name', 'text'], ['created_at', 'bigint']],
  users: [
    ['id', 'text'], ['org_id', 'text'], ['email', 'text'], ['name', 'text'], ['password_hash', 'text'],
    ['created_at', 'bigint'], ['deactivated_at', 'bigint'], ['deleted_at', 'bigint'],
  ],
  sessions: [['token_hash', 'text'], ['user_id', 'text'], ['created_at', 'bigint'], ['expires_at', 'bigint']],
  chats: [['id', 'text'], ['org_id', 'text'], ['created_by', 'text'], ['created_at', 'bigint'], ['last_message_at', 'bigint'], ['head', 'bigint']],
  chat_members: [['chat_id', 'text'], ['user_id', 'text']],
  chat_epochs: [['chat_id', 'text'], ['epoch', 'bigint'], ['messages', 'bigint'], ['by_author', 'text'], ['last_message', 'text']],
  pending_inbox_rows: [['user_id', 'text'], ['chat_id', 'text'], ['row', 'text']],
  doc_updates: [['seq', 'bigint'], ['room', 'text'], ['data', 'bytea']],
  doc_clients: [['room', 'text'], ['client_id', 'bigint'], ['user_id', 'text']],
  records: [
    ['seq', 'bigint'], ['org_id', 'text'], ['type', 'text'], ['id', 'text'], ['number', 'text'], ['number_key', 'text'],
    ['number_digits', 'text'], ['label', 'text'], ['label_key', 'text'], ['fields', 'text'], ['updated_at', 'bigint'],
  ],
  host_orgs: [['issuer', 'text'], ['host_org', 'text'], ['org_id', 'text']],
  host_users: [['issuer', 'text'], ['host_org', 'text'], ['sub', 'text'], ['user_id', 'text']],
  host_token_ids: [['issuer', 'text'], ['jti', 'text'], ['expires_at', 'bigint']],
}

/** Rows per INSERT, and bytes per INSERT for tables of documents (a snapshot may be megabytes). */
const BATCH_ROWS = 2000
const BATCH_BYTES = 8 * 1024 * 1024

/** Row counts of every table, in TABLES order. */
export type TableCounts = Record<TableName, number>

export function sqliteCounts(db: Db): TableCounts {
  return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])) as TableCounts
}

export async function postgresCounts(db: Queryable): Promise<TableCounts> {
  const counts = {} as TableCounts
  for (const t of TABLES) counts[t] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n)
  return counts
}

const insertSql = (table: TableName): string => {
  const columns = COLUMNS[table]
  const names = columns.map(([name]) => name)
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`)
  if (table === 'records') {
    // label_words is not in SQLite: the words of each label, as the record store writes them.
    return `INSERT INTO records (${names.join(', ')}, label_words)
      SELECT ${names.join(', ')}, array_to_tsvector(string_to_array(words, ' '))
      FROM unnest(${arrays.join(', ')}, $${arrays.length + 1}::text[]) AS t(${names.join(', ')}, words)`
  }
  const overriding = table === 'doc_updates' ? ' OVERRIDING SYSTEM VALUE' : ''
  return `INSERT INTO ${table} (${names.join(', ')})${overriding} SELECT * FROM unnest(${arrays.join(', ')})`
}

/**
 * Copies all rows; `onRows(n)` after each batch. Identity counters continue after the copied
 * row numbers, and the session change counter keeps its value.
 */
export async function copySqliteToPostgres(sqlite: Db, target: PgDb, onRows: (copied: number) => void): Promise<void> {
  await target.transaction(async (tx) => {
    for (const table of TABLES) {
      const columns = COLUMNS[table]
      const sql = insertSql(table)
      const order = table === 'doc_updates' || table === 'records' ? ' ORDER BY seq' : ''
      const rows = sqlite.prepare(`SELECT ${columns.map(([name]) => name).join(', ')} FROM ${table}${order}`).raw().iterate() as IterableIterator<unknown[]>
      let batch: unknown[][] = []
      let bytes = 0
      const flush = async () => {
        if (!batch.length) return
        const params: unknown[] = columns.map((_, i) => batch.map((row) => row[i]))
        if (table === 'records') params.push(batch.map((row) => wordsOf(String(row[7])).join(' ')))
        await tx.query(sql, params)
        onRows(batch.length)
        batch = []
        bytes = 0
      }
      for (const row of rows) {
        batch.push(row.map((value) => (typeof value === 'bigint' ? value.toString() : value)))
        for (const value of row) bytes += Buffer.isBuffer(value) ? value.byteLength : typeof value === 'string' ? value.length : 8
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush()
      }
      await flush()
    }
    for (const table of ['doc_updates', 'records']) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'seq'), coalesce((SELECT max(seq) FROM ${table}), 0) + 1, false)`)
    }
    const changes = sqlite.prepare('SELECT seq FROM session_changes WHERE id = 1').get() as { seq: number } | undefined
    await tx.query('UPDATE session_changes SET seq = $1 WHERE id = 1', [changes?.seq ?? 0])
  })
}
