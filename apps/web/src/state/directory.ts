// The people of my organization (GET /api/users), kept in localStorage so that names show
// without a network (until sign-out). A person missing from it (removed since) is shown by a
// neutral label. It is asked again each time the browser comes back online, and when it meets
// someone it does not list (a colleague added since).

import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js'
import { api, ApiError, type Person } from './api.ts'
import { onNetworkChange } from './network.ts'
import { keepUnchanged } from './people-list.ts'

export interface Directory {
  people: Accessor<Person[]>
  /** Why the list is empty, if loading it failed. */
  error: Accessor<string | null>
  nameOf(userId: string): string
  /** True for a person the organization deactivated: shown as having left, not as offline. */
  hasLeft(userId: string): boolean
  refresh(): Promise<void>
}

const UNKNOWN = 'Former colleague'
/** Least time between two asks caused by a person missing from the directory. */
const UNKNOWN_REFRESH_MS = 5000
/** Shown for a person until the directory has answered once (first visit on a device). */
const PENDING = '…'

const cacheKeyOf = (orgId: string) => `parley:directory:${orgId}`

/** Forgets the kept directory of `orgId` (signing out on a shared computer). */
export const clearDirectoryCache = (orgId: string) => localStorage.removeItem(cacheKeyOf(orgId))

export function createDirectory(orgId: string, onUnauthorized: () => void): Directory {
  const cacheKey = cacheKeyOf(orgId)
  const cached = (): Person[] => {
    try {
      return JSON.parse(localStorage.getItem(cacheKey) ?? '[]') as Person[]
    } catch {
      return [] // A corrupt cache is as good as none.
    }
  }
  const [people, setPeople] = createSignal<Person[]>(cached())
  const [error, setError] = createSignal<string | null>(null)
  const [known, setKnown] = createSignal(people().length > 0)
  const index = createMemo(() => new Map(people().map((p) => [p.id, p])))

  let lastAsked = 0
  const refresh = async () => {
    lastAsked = Date.now()
    try {
      const { users } = await api.users()
      users.sort((a, b) => a.name.localeCompare(b.name))
      try {
        localStorage.setItem(cacheKey, JSON.stringify(users))
      } catch {
        // Storage full or blocked (a cross-site frame where the browser blocks it): memory only.
      }
      setPeople((shown) => keepUnchanged(shown, users))
      setKnown(true)
      setError(null)
    } catch (e) {
      if (e instanceof ApiError && e.code === 'unauthorized') onUnauthorized()
      else if (people().length === 0) setError('The people of your organization could not be loaded.')
    }
  }
  void refresh()
  onCleanup(onNetworkChange((online) => online && void refresh()))
  let timer: ReturnType<typeof setTimeout> | undefined
  const askAgainSoon = () => {
    if (timer !== undefined) return
    timer = setTimeout(
      () => {
        timer = undefined
        void refresh()
      },
      Math.max(0, lastAsked + UNKNOWN_REFRESH_MS - Date.now()),
    )
  }
  onCleanup(() => clearTimeout(timer))

  return {
    people,
    error,
    nameOf: (userId) => {
      const person = index().get(userId)
      // Someone not listed may be new (a host application adds people at their first sign-in):
      // ask again, at most every few seconds; the answer updates every name shown.
      if (!person && userId) askAgainSoon()
      return person?.name ?? (known() ? UNKNOWN : PENDING)
    },
    hasLeft: (userId) => index().get(userId)?.left === true,
    refresh,
  }
}
