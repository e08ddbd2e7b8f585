// The relay's configuration: every option, its default and its meaning, read once from the
// environment (`PARLEY_*` and `PORT`). Nothing else in the relay reads process.env;
// docs/configuration.md is checked against OPTIONS by a test.

import path from 'node:path'
import { checkUrlTemplate } from './records/url-template.ts'

type Parse<T> = (raw: string, name: string) => T

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parse<number> =>
  (raw, name) => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
    }
    return n
  }
const powerOfTwo =
  (min: number, max: number): Parse<number> =>
  (raw, name) => {
    const n = int(min, max)(raw, name)
    if ((n & (n - 1)) !== 0) throw new ConfigError(`${name} must be a power of two, got "${raw}"`)
    return n
  }
const bool: Parse<boolean> = (raw, name) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  throw new ConfigError(`${name} must be 1 or 0 (true or false), got "${raw}"`)
}
/** A boolean, or `auto` for the relay to decide (the option's description says how). */
const boolOrAuto: Parse<'auto' | boolean> = (raw, name) => {
  if (/^auto$/i.test(raw)) return 'auto'
  if (/^(1|true|yes|on)$/i.test(raw)) return true
  if (/^(0|false|no|off)$/i.test(raw)) return false
  throw new ConfigError(`${name} must be auto, 1 or 0 (true or false), got "${raw}"`)
}
const text: Parse<string> = (raw) => raw
const list: Parse<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
const oneOf =
  <T extends string>(...values: T[]): Parse<T> =>
  (raw, name) => {
    if ((values as string[]).includes(raw)) return raw as T
    throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`)
  }

const httpUrl: Parse<string> = (raw, name) => {
  if (/^https?:\/\//i.test(raw) && URL.canParse(raw)) return raw
  throw new ConfigError(`${name} must be an http:// or https:// URL, got "${raw}"`)
}
/** A shared secret: long enough that guessing it is out of reach (HS256 wants 256 bits). */
const secret: Parse<string> = (raw, name) => {
  if (raw.length >= 32) return raw
  throw new ConfigError(`${name} must be at least 32 characters long (a random string, e.g. \`openssl rand -base64 32\`)`)
}
/** A connection URL of one of `schemes` (the value is a secret too: it may carry a password). */
const serviceUrl =
  (...schemes: string[]): Parse<string> =>
  (raw, name) => {
    const scheme = raw.slice(0, raw.indexOf(':')).toLowerCase()
    if (schemes.includes(scheme) && URL.canParse(raw)) return raw
    throw new ConfigError(`${name} must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL`)
  }
const urlTemplate: Parse<string> = (raw, name) => {
  const problem = checkUrlTemplate(raw)
  if (problem) throw new ConfigError(`${name} "${raw}" is not a usable link template: ${problem}`)
  return raw
}
const recordUrlTemplate = (type: string, env: string) =>
  option(env, '', urlTemplate, `Link of a ${type} @mention: an http(s) URL or a path starting with /, with {id} (and optionally {number}, {type}) in it; empty means ${type === 'person' ? '/people/{id}' : `/records/${type}/{id}`}.`)

export class ConfigError extends Error {
  override name = 'ConfigError'
}

interface Option<T> {
  env: string
  default: T
  parse: Parse<T>
  description: string
}
const option = <T>(env: string, def: T, parse: Parse<T>, description: string): Option<T> => ({
  env,
  default: def,
  parse,
  description,
})

/** Every option the relay reads. The README and docs/configuration.md describe these. */
export const OPTIONS = {
  port: option('PORT', 8787, int(0, 65535), 'TCP port of the HTTP API, the relay and the web app. 0 picks a free port.'),
  host: option('PARLEY_HOST', '127.0.0.1', text, 'Interface to listen on. Use 0.0.0.0 to accept connections from other machines.'),
  dataDir: option('PARLEY_DATA_DIR', './data', text, 'Folder for the SQLite database (parley.db). Created if missing.'),
  databaseUrl: option('PARLEY_DATABASE_URL', '', serviceUrl('postgres', 'postgresql'), 'PostgreSQL database that stores everything durable (accounts, sessions, chats, documents, records) instead of the SQLite file in PARLEY_DATA_DIR; several relays may share it (docs/scaling.md). Empty uses SQLite.'),
  redisUrl: option('PARLEY_REDIS_URL', '', serviceUrl('redis', 'rediss'), 'Redis server through which relays that share PARLEY_DATABASE_URL pass document updates, presence and inbox hints to one another (docs/scaling.md). Empty: one process, nothing to pass on.'),
  pgStatementTimeoutMs: option('PARLEY_PG_STATEMENT_TIMEOUT_MS', 30_000, int(0, 3_600_000), 'With PARLEY_DATABASE_URL: how long one query may run before PostgreSQL cancels it; the call then fails like an unreachable database (503 / 4503, retried later) instead of holding a pooled connection. 0 turns the limit off. Migrations are never limited.'),
  catchUpMs: option('PARLEY_CATCH_UP_MS', 5000, int(100, 600_000), 'With PARLEY_REDIS_URL: how often each relay reads, for every document it has open, what was stored after the last update it has, whatever Redis said. It bounds how long a message stays unseen on other relays when the relay that stored it stopped before publishing it. One small query per open document per interval, and one per loaded chat of several epochs (their stored stats: another relay may have counted a late write to an epoch not loaded here).'),
  demo: option('PARLEY_DEMO', true, bool, 'Seed the demo organizations (Acme Recruiting, Globex) on first run.'),
  allowedOrigins: option('PARLEY_ALLOWED_ORIGINS', [] as string[], list, 'Comma-separated origins, besides the relay\'s own, whose pages may connect with the session cookie.'),
  sessionCheckMs: option('PARLEY_SESSION_CHECK_MS', 1000, int(50, 60_000), 'How often the relay checks whether the sessions of open sockets still stand; a socket whose session ended (logout, expiry, revocation, a person deactivated) is closed with 4401 within this time.'),
  loginAttemptsPerIp: option('PARLEY_LOGIN_ATTEMPTS_PER_IP', 30, int(1), 'Sign-in attempts one client address may make per minute, right or wrong; past it the relay answers 429 too_many_attempts with Retry-After. Counted in memory, per relay process.'),
  loginFailuresPerAccount: option('PARLEY_LOGIN_FAILURES_PER_ACCOUNT', 10, int(1), 'Failed sign-in attempts on one email (whether or not it has an account) per 15 minutes; past it the relay answers 429 too_many_attempts with Retry-After until the window ends. A right password starts the count over. Counted in memory, per relay process.'),
  syncTicketTtlMs: option('PARLEY_SYNC_TICKET_TTL_MS', 20_000, int(1000, 300_000), 'How long a ticket from POST /api/sync-tickets may wait before it opens a WebSocket (?ticket=); each ticket opens one socket only, and none once its session has ended.'),
  sessionTtlHours: option('PARLEY_SESSION_TTL_HOURS', 720, int(1), 'How long a login stays valid.'),
  trustProxy: option('PARLEY_TRUST_PROXY', false, bool, 'The relay runs behind a reverse proxy that sets X-Forwarded-Proto and appends to X-Forwarded-For: the scheme for the cookie\'s Origin check and the client address for connection and login limits come from those headers. Leave off when clients reach the relay directly, since anyone can send them.'),
  cookieSecure: option('PARLEY_COOKIE_SECURE', false, bool, 'Mark the session cookie Secure (set this when the relay is served over HTTPS).'),
  maxFrameBytes: option('PARLEY_MAX_FRAME_BYTES', 1024 * 1024, int(1024), 'Largest WebSocket frame accepted; a larger one closes that connection (1009).'),
  messagesPerSecond: option('PARLEY_MESSAGES_PER_SECOND', 200, int(1), 'Sustained messages per second per connection; past it (with a burst of twice as many) the relay stops reading that socket until it catches up.'),
  maxQueuedBytes: option('PARLEY_MAX_QUEUED_BYTES', 8 * 1024 * 1024, int(1024), 'Outgoing bytes a socket may have queued; a client that reads slower is closed with 1013 and resyncs when it reconnects.'),
  maxDocBytes: option('PARLEY_MAX_DOC_BYTES', 32 * 1024 * 1024, int(64 * 1024), 'Bytes one document (a chat or an inbox) may hold in storage; a write past it is refused with 4429 and nothing stored is touched.'),
  userBytesPerMinute: option('PARLEY_USER_BYTES_PER_MINUTE', 4 * 1024 * 1024, int(64 * 1024), 'Bytes of document updates one person may write per minute, across all their connections to this process (a burst of one minute\'s worth); past it the write is refused with 4429.'),
  chatsPerHour: option('PARLEY_CHATS_PER_HOUR', 60, int(1), 'New chats one person may create per hour on this process; past it the creation is refused with 4429.'),
  maxClockSkewMs: option('PARLEY_MAX_CLOCK_SKEW_MS', 10 * 60 * 1000, int(0), 'How far ahead of the relay\'s clock a time written by a client (a message\'s `at`, a chat\'s `createdAt`) may be; a later one is refused with 4403.'),
  maxAwarenessStateBytes: option('PARLEY_MAX_AWARENESS_STATE_BYTES', 4096, int(256, 1024 * 1024), 'Largest awareness state (presence, typing) a client may publish, as JSON bytes; a larger one closes the connection with 4429.'),
  maxAwarenessIdsPerConnection: option('PARLEY_MAX_AWARENESS_IDS_PER_CONNECTION', 4, int(1, 1000), 'Awareness states one connection may publish in a room (the stock client publishes one); past it the connection is closed with 4429.'),
  maxPendingPerIp: option('PARLEY_MAX_PENDING_PER_IP', 256, int(0), 'Connections one client address may hold before it is signed in (HTTP requests, keep-alive connections, WebSocket upgrades not yet accepted); more are closed at once. 0 means no bound per address; behind PARLEY_TRUST_PROXY the bound is left to the proxy.'),
  maxPendingConnections: option('PARLEY_MAX_PENDING_CONNECTIONS', 1024, int(1), 'Connections all clients together may hold before they are signed in; more are closed at once. Authenticated WebSockets do not count, so signed-in people keep their place.'),
  handshakeTimeoutMs: option('PARLEY_HANDSHAKE_TIMEOUT_MS', 5000, int(500, 120_000), 'How long a client may take to send the headers of a request or WebSocket upgrade before the connection is closed (a whole request body gets 30 s, or this if longer).'),
  pingIntervalMs: option('PARLEY_PING_INTERVAL_MS', 30_000, int(0), 'How often the relay pings every WebSocket; a socket that has neither answered the previous ping nor sent a frame since is closed (one the relay is not reading, a writer over PARLEY_MESSAGES_PER_SECOND, is not judged). 0 turns pings off.'),
  roomIdleMs: option('PARLEY_ROOM_IDLE_MS', 30_000, int(0), 'How long a document stays in memory after its last connection leaves.'),
  compactAfterUpdates: option('PARLEY_COMPACT_AFTER_UPDATES', 500, int(2), 'Stored updates of one document after which they are merged into one snapshot, in the background; a long document also waits until they weigh half its last snapshot, so that compacting stays linear in its length. A document is also compacted when it leaves memory and when the relay stops.'),
  epochMessages: option('PARLEY_EPOCH_MESSAGES', 500, int(2, 1_000_000), 'Messages (tombstones included) at which a chat\'s newest document, its head epoch, is sealed: new messages then go to the next epoch (room chat/<id>/<n>), and the sealed ones are read as history pages (GET /api/chats/:chatId/history). Smaller keeps what a fresh client downloads small; larger means fewer documents. Chats already longer are sealed when next loaded; nothing is moved.'),
  historyCacheMb: option('PARLEY_HISTORY_CACHE_MB', 64, int(0, 65_536), 'Megabytes of rendered chat epochs the relay keeps in memory for history pages (GET /api/chats/:chatId/history), least recently used first out; an epoch of 100,000 messages takes about 15. 0 renders every page\'s epochs again.'),
  presenceGraceMs: option('PARLEY_PRESENCE_GRACE_MS', 10_000, int(0), 'How long a person whose connection dropped is still shown online.'),
  sqliteSynchronous: option('PARLEY_SQLITE_SYNCHRONOUS', 'normal' as 'normal' | 'full', oneOf('normal', 'full'), 'SQLite synchronous mode under WAL: normal survives a crash of the relay process; full also survives power loss, at some cost per commit.'),
  sqliteStorageWorker: option('PARLEY_SQLITE_STORAGE_WORKER', 'auto' as 'auto' | boolean, boolOrAuto, 'Commit documents and checkpoint the SQLite WAL on a storage worker thread, so that the relay\'s event loop never waits for a transaction or a sync of the disk. auto (the default) uses it when the relay may run on two cores or more: on one core the thread hops cost more CPU than the stalls they remove (docs/benchmarks.md). Off commits on the relay\'s own thread, with SQLite\'s autocheckpoint every 1,000 pages.'),
  commitWaitMs: option('PARLEY_COMMIT_WAIT_MS', 2, int(0, 100), 'Group commit: a commit starts at least this many milliseconds after the previous one started, so that the messages arriving meanwhile share it (a commit per message was over half of the relay\'s CPU per message on one core). It waits only while the relay\'s event loop was busy over half of the last 100 ms and commits come faster than one per interval; a message then waits at most this long before it is stored, acknowledged and passed on. At lower load every commit starts on the next event-loop turn, as with 0.'),
  sqliteCheckpointMs: option('PARLEY_SQLITE_CHECKPOINT_MS', 1000, int(10, 60_000), 'How often, while there are writes, the storage worker has the SQLite write-ahead log copied into the database file (the bulk on a helper thread, the rest between two of its commits); the relay\'s own thread never checkpoints.'),
  sqliteWalLimitMb: option('PARLEY_SQLITE_WAL_LIMIT_MB', 64, int(1, 65_536), 'Size in MiB the SQLite write-ahead log is cut back to whenever it starts over. Past it a checkpoint starts at once; past twice it the storage worker waits for that checkpoint and empties the log (commits wait meanwhile), so the file stays under about twice this.'),
  scryptCost: option('PARLEY_SCRYPT_COST', 32768, powerOfTwo(1024, 1 << 20), 'scrypt N (CPU and memory cost, a power of two) for new password hashes; about 32 MiB and 100 ms at the default.'),
  storageRetryMs: option('PARLEY_STORAGE_RETRY_MS', 30_000, int(1000, 600_000), 'After a write fails because storage is unavailable (disk full, I/O error), how long the relay refuses sockets to chats and inboxes with 4503 before it tries storage again; HTTP writes meanwhile answer 503 storage_unavailable with this as Retry-After.'),
  metricsPort: option('PARLEY_METRICS_PORT', -1, int(-1, 65535), 'Serve GET /metrics (Prometheus) on this port alone, on PARLEY_HOST, instead of on the main port; -1 keeps it on the main port, 0 picks a free port.'),
  logLevel: option('PARLEY_LOG_LEVEL', 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent', oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'Log level (logs are JSON lines on stdout).'),
  recordsUrl: option('PARLEY_RECORDS_URL', '', httpUrl, 'Search endpoint of a host CRM that answers @mention searches instead of the relay\'s own records table (docs/records.md); empty uses the relay\'s table.'),
  recordsToken: option('PARLEY_RECORDS_TOKEN', '', text, 'Sent as `Authorization: Bearer <token>` with every call to PARLEY_RECORDS_URL, so the host can tell the relay\'s calls from others.'),
  recordsTimeoutMs: option('PARLEY_RECORDS_TIMEOUT_MS', 2000, int(50, 60_000), 'How long the relay waits for PARLEY_RECORDS_URL before answering 502 records_unavailable.'),
  recordsCacheMs: option('PARLEY_RECORDS_CACHE_MS', 30_000, int(0, 3_600_000), 'How long an answer of PARLEY_RECORDS_URL is reused for the same search or record; 0 turns the cache off.'),
  recordUrlTemplateCandidate: recordUrlTemplate('candidate', 'PARLEY_RECORD_URL_TEMPLATE_CANDIDATE'),
  recordUrlTemplateContact: recordUrlTemplate('contact', 'PARLEY_RECORD_URL_TEMPLATE_CONTACT'),
  recordUrlTemplateCompany: recordUrlTemplate('company', 'PARLEY_RECORD_URL_TEMPLATE_COMPANY'),
  recordUrlTemplateJob: recordUrlTemplate('job', 'PARLEY_RECORD_URL_TEMPLATE_JOB'),
  recordUrlTemplatePlacement: recordUrlTemplate('placement', 'PARLEY_RECORD_URL_TEMPLATE_PLACEMENT'),
  recordUrlTemplatePerson: recordUrlTemplate('person', 'PARLEY_RECORD_URL_TEMPLATE_PERSON'),
  hostJwtIssuer: option('PARLEY_HOST_JWT_ISSUER', '', text, 'The `iss` a host application puts in the tokens it signs for POST /api/sessions/host (docs/embedding.md); empty turns host sign-in and the admin API off.'),
  hostJwtSecret: option('PARLEY_HOST_JWT_SECRET', '', secret, 'Shared secret (32 characters or more) with which the host signs its tokens with HS256; empty refuses HS256.'),
  hostJwksUrl: option('PARLEY_HOST_JWKS_URL', '', httpUrl, 'The host\'s JSON Web Key Set; tokens signed with RS256, ES256 or EdDSA by one of its keys are accepted. Keys are cached and fetched again when a token names an unknown `kid`; empty refuses those algorithms.'),
  hostJwksCooldownMs: option('PARLEY_HOST_JWKS_COOLDOWN_MS', 30_000, int(0, 3_600_000), 'Least time between two fetches of PARLEY_HOST_JWKS_URL, so that tokens naming unknown keys cannot make the relay hammer the host.'),
  adminApiKey: option('PARLEY_ADMIN_API_KEY', '', secret, 'Key (32 characters or more) of the provisioning API under /api/admin, sent as `Authorization: Bearer <key>`; empty turns that API off.'),
  webDist: option('PARLEY_WEB_DIST', '', text, 'Folder of the built web app to serve; empty means apps/web/dist of this checkout.'),
} as const

type Options = typeof OPTIONS
export type Config = { readonly [K in keyof Options]: Options[K]['default'] }

/**
 * Reads the configuration from `env`, with defaults for what is missing, and `overrides` on top
 * (tests pass overrides instead of touching the environment). Throws ConfigError on a bad value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {}
  for (const [key, opt] of Object.entries(OPTIONS) as [keyof Options, Option<unknown>][]) {
    const raw = env[opt.env]
    out[key] = raw === undefined || raw === '' ? opt.default : opt.parse(raw.trim(), opt.env)
  }
  Object.assign(out, overrides)
  out.dataDir = path.resolve(String(out.dataDir))
  return Object.freeze(out) as Config
}
