// A child logger made on its first line. The relay keeps one logger per WebSocket session (its
// request id and user on every line), but most sessions write nothing until the line that ends
// them, and a pino child costs about 400 bytes of heap from the moment it exists.

import type { Bindings, Level } from 'pino'
import type { Logger } from './log.ts'

/** The levels a session writes at, with pino's call forms: `log.warn({ event }, 'message')`. */
export interface SessionLogger {
  debug(obj: unknown, msg?: string, ...args: unknown[]): void
  info(obj: unknown, msg?: string, ...args: unknown[]): void
  warn(obj: unknown, msg?: string, ...args: unknown[]): void
  error(obj: unknown, msg?: string, ...args: unknown[]): void
}

class ChildOnUse implements SessionLogger {
  private child: Logger | null = null
  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}

  debug(obj: unknown, msg?: string, ...args: unknown[]) {
    this.write('debug', obj, msg, args)
  }
  info(obj: unknown, msg?: string, ...args: unknown[]) {
    this.write('info', obj, msg, args)
  }
  warn(obj: unknown, msg?: string, ...args: unknown[]) {
    this.write('warn', obj, msg, args)
  }
  error(obj: unknown, msg?: string, ...args: unknown[]) {
    this.write('error', obj, msg, args)
  }

  private write(level: Level, obj: unknown, msg: string | undefined, args: unknown[]) {
    // A level that is off makes no child at all.
    if (!this.parent.isLevelEnabled(level)) return
    this.child ??= this.parent.child(this.bindings)
    // Passed on as given: pino reads an explicit undefined message as one.
    if (msg === undefined && args.length === 0) this.child[level](obj)
    else this.child[level](obj, msg, ...args)
  }
}

/** `parent.child(bindings)`, made when the first enabled line is written. */
export function childOnUse(parent: Logger, bindings: Bindings): SessionLogger {
  return new ChildOnUse(parent, bindings)
}
