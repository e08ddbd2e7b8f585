// A fresh answer of GET /api/users against the list shown: each person whose row has not changed
// keeps the object already shown, and an answer that changes nothing keeps the whole list. Lists
// render with <For>, which keys rows by object: without this every refresh (one each time Start a
// chat opens) rebuilt every row, and a click landing while it did was lost between the old button
// and the new one.

import type { Person } from './api.ts'

const samePerson = (a: Person, b: Person) => a.id === b.id && a.name === b.name && a.email === b.email && a.left === b.left

export function keepUnchanged(shown: readonly Person[], fresh: readonly Person[]): Person[] {
  const byId = new Map(shown.map((p) => [p.id, p]))
  const merged = fresh.map((p) => {
    const old = byId.get(p.id)
    return old && samePerson(old, p) ? old : p
  })
  return merged.length === shown.length && merged.every((p, i) => p === shown[i]) ? (shown as Person[]) : merged
}
