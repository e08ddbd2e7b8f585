// Structured logs (JSON lines) through pino: fast enough for the relay's hot path, and what
// log shippers expect. One root logger per relay; modules take a child with their name.
import { pino, type Logger } from 'pino'

export type { Logger }

export const createLogger = (level: string): Logger => pino({ level, base: { app: 'parley' } })
