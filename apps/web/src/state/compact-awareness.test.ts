// Remote states under compact presence last while connected (y-protocols would drop them after
// 30 s without a renewal), go by y-protocols' timeout while disconnected, and a removed state's
// clock is forgotten so that the relay's next roster brings it back.

import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { keepRemoteStates } from './compact-awareness.ts'

// Before any import: lib0 reads the clock through `Date.now` as it was when it loaded.
vi.hoisted(() => vi.useFakeTimers())

/** Bob's awareness with his state set, and an update that carries it as the relay would send it. */
function bob(state: object) {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalState(state)
  return { awareness, update: () => encodeAwarenessUpdate(awareness, [awareness.clientID]) }
}

describe('keepRemoteStates', () => {
  it('keeps a remote state that is not renewed while connected, and lets it time out while not', () => {
    const mine = new Awareness(new Y.Doc())
    const other = bob({ user: { id: 'bob' } })
    applyAwarenessUpdate(mine, other.update(), 'relay')
    let connected = true
    const stop = keepRemoteStates(mine, () => connected)

    vi.advanceTimersByTime(120_000)
    expect(mine.getStates().has(other.awareness.clientID)).toBe(true)

    connected = false
    vi.advanceTimersByTime(35_000)
    expect(mine.getStates().has(other.awareness.clientID)).toBe(false)
    stop()
    mine.destroy()
    other.awareness.destroy()
  })

  it('without it, y-protocols drops the same state after 30 s', () => {
    const mine = new Awareness(new Y.Doc())
    const other = bob({ user: { id: 'bob' } })
    applyAwarenessUpdate(mine, other.update(), 'relay')
    vi.advanceTimersByTime(35_000)
    expect(mine.getStates().has(other.awareness.clientID)).toBe(false)
    mine.destroy()
    other.awareness.destroy()
  })

  it('accepts a state again at the clock it had after the provider removed it on close', () => {
    const mine = new Awareness(new Y.Doc())
    const other = bob({ user: { id: 'bob' } })
    const stop = keepRemoteStates(mine, () => true)
    applyAwarenessUpdate(mine, other.update(), 'relay')
    // What y-websocket does as its socket closes: every remote state removed, one clock later.
    removeAwarenessStates(mine, [other.awareness.clientID], 'provider')
    expect(mine.getStates().has(other.awareness.clientID)).toBe(false)
    // The relay's roster on the next connection carries Bob at the clock he had.
    applyAwarenessUpdate(mine, other.update(), 'relay')
    expect(mine.getStates().get(other.awareness.clientID)).toEqual({ user: { id: 'bob' } })
    stop()
    mine.destroy()
    other.awareness.destroy()
  })
})
