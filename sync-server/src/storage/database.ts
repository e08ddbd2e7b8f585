// Opens the relay's one SQLite file (WAL) and brings its schema up to date (migrate.ts). Every
// table of the relay is defined here: accounts, sessions, the chat index, the document update
// log and records.

import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { migrate, type MigrationLog } from './migrate.ts'

export type Db = Database.Database

/** The database's file name inside the data folder. */
export const DATABASE_FILE = 'parley.db'

/** Schema steps, applied in order; PRAGMA user_version records how many have run. Append only. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX users_by_org ON users(org_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE chats (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    last_message_at INTEGER
  );
  CREATE TABLE chat_members (
    chat_id TEXT NOT NULL REFERENCES chats(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (chat_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX chat_members_by_user ON chat_members(user_id);
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX doc_updates_by_room ON doc_updates(room, seq);
  CREATE TABLE doc_clients (
    room TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (room, client_id)
  ) WITHOUT ROWID;
  `,
  // Records that @mentions link to, per organization (records/sqlite-directory.ts). The *_key
  // and number_digits columns are the normalized forms searches compare (records/search-query.ts);
  // the length() indexes list number prefixes shortest first without sorting. records_fts indexes
  // the words of labels; records/record-store.ts writes it with the table (no trigger: a trigger
  // makes FTS5 flush its buffer on every row, several times slower for an import).
  `
  CREATE TABLE records (
    seq INTEGER PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL,
    number_digits TEXT NOT NULL,
    label TEXT NOT NULL,
    label_key TEXT NOT NULL,
    fields TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (org_id, type, id)
  );
  CREATE INDEX records_by_label ON records(org_id, label_key);
  CREATE INDEX records_by_number ON records(org_id, length(number_key), number_key);
  CREATE INDEX records_by_digits ON records(org_id, length(number_digits), number_digits);
  CREATE VIRTUAL TABLE records_fts USING fts5(
    label, content='records', content_rowid='seq', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
  );
  `,
  // Inbox rows waiting for an inbox document that is not loaded (chats/pending-inbox-rows.ts).
  `
  CREATE TABLE pending_inbox_rows (
    user_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (user_id, chat_id)
  ) WITHOUT ROWID;
  `,
  // Ending sessions reaches open sockets: every deleted session (logout, revocation, expiry, a
  // person deactivated, from this process or the CLI) bumps one counter, which the relay polls
  // (relay/session-watch.ts). A deactivated person keeps their row and history but cannot sign in.
  `
  ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
  CREATE TABLE session_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  );
  INSERT INTO session_changes (id, seq) VALUES (1, 0);
  CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
  BEGIN
    UPDATE session_changes SET seq = seq + 1 WHERE id = 1;
  END;
  `,
  // People signed in by a host application (host/host-people.ts), keyed by the host's own ids
  // (issuer, org, sub), never by email: a host person may have no email and no password, so the
  // users table is rebuilt with both nullable (password users keep unique emails). Host token ids
  // (jti) are kept until their token expires, so that each token signs in once.
  // Run by migrate() with foreign keys off: dropping the old users table must not cascade.
  `
  CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    email TEXT COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at INTEGER NOT NULL,
    deactivated_at INTEGER
  );
  INSERT INTO users_new (id, org_id, email, name, password_hash, created_at, deactivated_at)
    SELECT id, org_id, email, name, password_hash, created_at, deactivated_at FROM users;
  DROP TABLE users;
  ALTER TABLE users_new RENAME TO users;
  CREATE INDEX users_by_org ON users(org_id);
  CREATE UNIQUE INDEX users_password_email ON users(email) WHERE password_hash IS NOT NULL;
  CREATE TABLE host_orgs (
    issuer TEXT NOT NULL,
    host_org TEXT NOT NULL,
    org_id TEXT NOT NULL UNIQUE REFERENCES orgs(id),
    PRIMARY KEY (issuer, host_org)
  ) WITHOUT ROWID;
  CREATE TABLE host_users (
    issuer TEXT NOT NULL,
    host_org TEXT NOT NULL,
    sub TEXT NOT NULL,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
    PRIMARY KEY (issuer, host_org, sub)
  ) WITHOUT ROWID;
  CREATE TABLE host_token_ids (
    issuer TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, jti)
  ) WITHOUT ROWID;
  CREATE INDEX host_token_ids_by_expiry ON host_token_ids(expires_at);
  `,
  // A deleted person (`parley user delete`): the row stays for their history, deactivated, with
  // the email replaced and no password (accounts/sqlite-accounts.ts deleteUser).
  `
  ALTER TABLE users ADD COLUMN deleted_at INTEGER;
  `,
  // Sync tickets (accounts/sync-tickets.ts): single-use and short-lived, kept here rather than in
  // a relay's memory so that a ticket from one relay opens a socket on another. Only the ticket's
  // SHA-256 is stored; expired rows are swept when tickets are issued.
  `
  CREATE TABLE sync_tickets (
    ticket_hash TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sync_tickets_by_expiry ON sync_tickets(expires_at);
  `,
  // Chats of any length (docs/protocol.md, "Epochs"): a chat's head is the epoch new messages go
  // to (0: the room chat/<id> itself), moved on by the relay when it seals an epoch; chat_epochs
  // keeps each epoch's message counts so that an inbox row sums them without loading old epochs.
  `
  ALTER TABLE chats ADD COLUMN head INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE chat_epochs (
    chat_id TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    by_author TEXT NOT NULL,
    last_message TEXT,
    PRIMARY KEY (chat_id, epoch)
  ) WITHOUT ROWID;
  `,
]

/** The schema version this code writes: the number of migrations it knows. */
export const SCHEMA_VERSION = MIGRATIONS.length

/** The schema version a database is at (PRAGMA user_version). */
export const schemaVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number

export interface OpenOptions {
  /** `normal` survives a crash of the process under WAL; `full` also survives power loss. */
  synchronous?: 'normal' | 'full'
  /** Where schema migrations are reported. */
  log?: MigrationLog
}

/** Only the relay's own user may enter a data folder the relay creates, or read its database. */
const FOLDER_MODE = 0o700
const FILE_MODE = 0o600

/**
 * Opens (creating if needed) `<dataDir>/parley.db` and migrates it, copying it into
 * `<dataDir>/backups` first when an upgrade changes its schema. Throws DatabaseTooNewError for a
 * database a newer Parley has migrated. A folder it creates is 0700 (an existing one keeps the
 * mode its operator chose); the database and its -wal and -shm files are made 0600, also when they
 * already existed (SQLite gives new companions the database's mode).
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE })
  const file = path.join(dataDir, DATABASE_FILE)
  fs.closeSync(fs.openSync(file, 'a', FILE_MODE))
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(existing)) fs.chmodSync(existing, FILE_MODE)
  }
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  db.pragma('busy_timeout = 5000')
  // Foreign keys are off while migrating, as SQLite's guide to rebuilding a table asks (a DROP
  // TABLE would otherwise cascade); migrate() checks after each step that none dangles.
  db.pragma('foreign_keys = OFF')
  try {
    migrate(db, MIGRATIONS, { backupDir: path.join(dataDir, 'backups'), ...(options.log ? { log: options.log } : {}) })
  } catch (err) {
    db.close()
    throw err
  }
  db.pragma('foreign_keys = ON')
  return db
}
