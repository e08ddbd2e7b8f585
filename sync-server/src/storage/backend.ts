// Everything durable the relay keeps, as one bundle per storage engine: SQLite in the data folder
// (sqlite-backend.ts) or PostgreSQL (postgres/backend.ts). The relay, the HTTP API, the CLI and
// the seed see only these interfaces, so the engine is a matter of configuration.

import type { Accounts } from '../accounts/accounts.ts'
import type { Sessions } from '../accounts/sessions.ts'
import type { SyncTickets, SyncTicketsOptions } from '../accounts/sync-tickets.ts'
import type { ChatIndex } from '../chats/chat-index.ts'
import type { PendingInboxRows } from '../chats/pending-inbox-rows.ts'
import type { HostPeople } from '../host/host-people.ts'
import type { RecordDirectory } from '../records/directory.ts'
import type { RecordStore } from '../records/record-store.ts'
import type { UrlTemplates } from '../records/url-template.ts'
import type { DocStore } from './doc-store.ts'

export interface Backend {
  readonly kind: 'sqlite' | 'postgres'
  accounts: Accounts
  sessions: Sessions
  chats: ChatIndex
  pendingRows: PendingInboxRows
  docs: DocStore
  recordStore: RecordStore
  /** The SQLite record search, or its PostgreSQL twin (full-text on labels). */
  recordDirectory(options: { urls: UrlTemplates }): RecordDirectory
  hostPeople: HostPeople
  /** Single-use tickets for a WebSocket (POST /api/sync-tickets), shared by every relay on this database. */
  syncTickets(options: SyncTicketsOptions): SyncTickets
  /** null when the database answers and its schema is this relay's; else the reason (GET /api/ready). */
  problem(): Promise<string | null>
  close(): Promise<void>
}
