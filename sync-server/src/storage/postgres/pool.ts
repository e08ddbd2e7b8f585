// The connection pool every PostgreSQL store shares, and the two ways they use it: one query, or
// a function run in one transaction. Failures that mean "the database is not there right now"
// (refused or dropped connections, a server shutting down, too many clients, a full disk) come out
// as StorageUnavailableError, which the relay answers with 503/4503 and retries later; anything
// else (a constraint, a bug) passes unchanged. A pool error never crashes the process.

import pg from 'pg'
import type { Logger } from '../../log.ts'
import { StorageUnavailableError, UnstorableTextError } from '../storage-failure.ts'

/** What a store queries through: the pool, or the client of a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>>
}

export interface PgDb extends Queryable {
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws) on one connection. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  readonly pool: pg.Pool
  end(): Promise<void>
}

// SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention
// (admin shutdown, cannot connect now), 58 system error (I/O).
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58'])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// node-postgres reports a lost or timed-out connection with these messages and no code.
const NETWORK_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Query read timeout/i

/** True when `error` means the database cannot be reached or cannot work right now. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = 'code' in error && typeof error.code === 'string' ? error.code : ''
  if (error instanceof pg.DatabaseError) return UNAVAILABLE_CLASSES.has(code.slice(0, 2))
  return NETWORK_CODES.has(code) || NETWORK_MESSAGES.test(error.message) || (error instanceof AggregateError && error.errors.some(isUnavailable))
}

// SQLSTATE 22021 (character_not_in_repertoire) and 22P05 (untranslatable_character): a parameter
// holds a NUL character, which text columns cannot store.
const UNSTORABLE_TEXT = new Set(['22021', '22P05'])

const translate = (error: unknown): unknown => {
  if (isUnavailable(error)) return new StorageUnavailableError(`the database is unavailable: ${(error as Error).message || (error as Error).name}`, { cause: error })
  if (error instanceof pg.DatabaseError && UNSTORABLE_TEXT.has(error.code ?? '')) return new UnstorableTextError('text with a NUL character cannot be stored', { cause: error })
  return error
}

export interface PoolOptions {
  log?: Logger | undefined
  /** Connections in the pool (node-postgres' `max`). */
  max?: number
  /** How long a call waits for a connection before failing as unavailable. */
  connectTimeoutMs?: number
  /**
   * How long one statement may run before the server cancels it (0: no limit). A cancelled
   * statement fails as unavailable (SQLSTATE 57014), so a stuck query ends in a 503 instead of
   * holding a connection and the callers behind it.
   */
  statementTimeoutMs?: number
}

/** A pool on `url`; queries fail fast (StorageUnavailableError) while the server is away. */
export function openPool(url: string, options: PoolOptions = {}): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: options.statementTimeoutMs ?? 0,
  })
  // An idle connection that the server drops emits 'error' on the pool; unhandled, Node would
  // end the process. The pool discards that connection and opens a new one on the next query.
  pool.on('error', (err) => options.log?.warn({ err }, 'a PostgreSQL connection failed; the pool replaces it'))

  const query: Queryable['query'] = async (sql, params) => {
    try {
      return await pool.query(sql, params as unknown[])
    } catch (error) {
      throw translate(error)
    }
  }

  return {
    pool,
    query,
    async transaction(fn) {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        throw translate(error)
      }
      // A connection that fails mid-transaction must not go back to the pool.
      let broken: Error | undefined
      const onError = (err: Error) => {
        broken = err
      }
      client.on('error', onError)
      const tx: Queryable = {
        query: async (sql, params) => {
          try {
            return await client.query(sql, params as unknown[])
          } catch (error) {
            if (isUnavailable(error)) broken = error as Error
            throw error
          }
        },
      }
      try {
        await tx.query('BEGIN')
        const result = await fn(tx)
        await tx.query('COMMIT')
        return result
      } catch (error) {
        if (!broken) await client.query('ROLLBACK').catch((err: Error) => void (broken = err))
        throw translate(error)
      } finally {
        client.off('error', onError)
        client.release(broken)
      }
    },
    end: () => pool.end(),
  }
}

/** The SQLSTATE of a unique violation. */
export const isUniqueViolation = (error: unknown) => error instanceof pg.DatabaseError && error.code === '23505'
