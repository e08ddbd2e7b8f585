// While a room waits for the facts of one judgement (a chat's creation asks the directory about its
// people), everything that reaches the room after it waits here, in the order it arrived: frames of
// any peer and updates from the bus. Bounded, so a directory that does not answer cannot make
// frames pile up. It decides nothing: the room handles what it held when the facts arrive.

import type { Peer } from './peer.ts'

/** Frames a room holds at most (a directory lookup takes milliseconds). */
export const MAX_HELD_FRAMES = 1024

/** A frame of a peer, or an update from the bus (peer null). */
export interface Held {
  peer: Peer | null
  bytes: Uint8Array
}

export class FrameHold {
  private items: Held[] | null = null

  /** True from `start` until `drain`. */
  get active(): boolean {
    return this.items !== null
  }

  start(): void {
    this.items ??= []
  }

  /** Holds one more; false when a peer's frame finds the hold full. Bus updates are always held. */
  add(held: Held): boolean {
    if (!this.items) throw new Error('nothing is being held')
    if (held.peer && this.items.length >= MAX_HELD_FRAMES) return false
    this.items.push(held)
    return true
  }

  /**
   * Ends the hold and hands what it held to `handle`, in order, until `stop()` says so or `handle`
   * starts a new hold; then what is left stays held, ahead of anything that arrives later.
   */
  drain(handle: (held: Held) => void, stop: () => boolean): void {
    const items = this.items ?? []
    this.items = null
    while (items.length && !this.active && !stop()) handle(items.shift()!)
    this.putBack(items)
  }

  private putBack(rest: Held[]): void {
    if (this.items && rest.length) this.items.unshift(...rest)
  }
}
