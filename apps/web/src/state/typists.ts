// "… is typing": who else is typing in a chat (from the room's awareness) and my own typing
// flag, which lapses on its own after a pause. Follows the chat's current room across reloads.

import { createSignal, type Accessor } from 'solid-js'
import type { Awareness } from 'y-protocols/awareness'
import { config } from '../config.ts'
import type { User } from './api.ts'

export interface Typist {
  id: string
  name: string
}

export interface Typists {
  /** Other members typing right now. */
  list: Accessor<Typist[]>
  /** Says whether I am typing; `true` lapses after `config.typingIdleMs`. */
  set(active: boolean): void
  /** Follows `awareness` (a room just opened); returns the function that stops following it. */
  attach(awareness: Awareness): () => void
}

export function createTypists(me: Pick<User, 'id' | 'name'>): Typists {
  const [list, setList] = createSignal<Typist[]>([], {
    equals: (a, b) => a.length === b.length && a.every((t, i) => t.id === b[i]?.id),
  })
  let awareness: Awareness | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let typingNow = false

  const set = (active: boolean) => {
    clearTimeout(timer)
    if (active) timer = setTimeout(() => set(false), config.typingIdleMs)
    if (active === typingNow) return
    typingNow = active
    awareness?.setLocalStateField('typing', active)
  }

  return {
    list,
    set,
    attach(current) {
      const refresh = () => {
        const found = new Map<string, Typist>()
        for (const state of current.getStates().values()) {
          const user = (state as { user?: { id?: unknown; name?: unknown } }).user
          if (state.typing !== true || typeof user?.id !== 'string' || user.id === me.id) continue
          found.set(user.id, { id: user.id, name: typeof user.name === 'string' ? user.name : 'Someone' })
        }
        setList([...found.values()])
      }
      awareness = current
      typingNow = false
      current.setLocalState({ user: { id: me.id, name: me.name }, typing: false })
      current.on('change', refresh)
      refresh()
      return () => {
        clearTimeout(timer)
        current.off('change', refresh)
        if (awareness === current) awareness = null
      }
    },
  }
}
