// A refreshed directory keeps the objects of people whose rows did not change, so that the lists
// built from it keep their rows (and a click on one) across a refresh.

import { describe, expect, it } from 'vitest'
import type { Person } from './api.ts'
import { keepUnchanged } from './people-list.ts'

const alice: Person = { id: 'a', name: 'Alice Adams', email: 'alice@acme.test' }
const bob: Person = { id: 'b', name: 'Bob Brown', email: 'bob@acme.test' }

describe('keepUnchanged', () => {
  it('keeps the list shown when the answer changes nothing', () => {
    const shown = [alice, bob]
    expect(keepUnchanged(shown, [{ ...alice }, { ...bob }])).toBe(shown)
  })

  it('keeps the objects of unchanged people and takes the changed, new and ordered ones from the answer', () => {
    const renamed = { ...bob, name: 'Bob Black' }
    const cat: Person = { id: 'c', name: 'Cat Cole', email: 'cat@acme.test' }
    const merged = keepUnchanged([alice, bob], [renamed, { ...alice }, cat])
    expect(merged).toEqual([renamed, alice, cat])
    expect(merged[1]).toBe(alice)
    expect(merged[0]).toBe(renamed)
  })

  it('takes the answer’s object for someone who has left since', () => {
    const left = { ...bob, left: true }
    const merged = keepUnchanged([alice, bob], [{ ...alice }, left])
    expect(merged[0]).toBe(alice)
    expect(merged[1]).toBe(left)
  })
})
