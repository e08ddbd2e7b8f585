// Makes the organization's people mentionable like records: wraps any RecordDirectory and adds
// the people whose names match, ranked by the same rule (search-query.ts), as `person` hits
// linking to `/people/<userId>` (or the person URL template). Stores nothing.

import type { Directory, User } from '../accounts/accounts.ts'
import type { RecordDetail, RecordDirectory, RecordHit } from './directory.ts'
import { compareMatches, labelKeyOf, MatchRank, parseSearchQuery, rankOf, type SearchQuery } from './search-query.ts'
import { recordUrl, type UrlTemplates } from './url-template.ts'

interface Ranked {
  hit: RecordHit
  rank: number
  labelKey: string
  type: string
  id: string
}

const ranked = (q: SearchQuery, hit: RecordHit): Ranked => ({ hit, rank: rankOf(q, hit), labelKey: labelKeyOf(hit.label), type: hit.type, id: hit.id })

export function withPeople(records: RecordDirectory, people: Directory, urls: UrlTemplates): RecordDirectory {
  const personHit = (user: User): RecordHit => ({
    type: 'person',
    id: user.id,
    number: '',
    label: user.name,
    url: recordUrl(urls, { type: 'person', id: user.id, number: '' }),
    detail: user.email,
  })

  return {
    async search(orgId, query, limit) {
      const q = parseSearchQuery(query)
      if (!q) return []
      const found = (await records.search(orgId, query, limit)).map((hit) => ranked(q, hit))
      const persons = (await people.usersInOrg(orgId))
        .map((user) => ranked(q, personHit(user)))
        .filter((p) => p.rank !== MatchRank.other)
        .sort(compareMatches)
      // A merge, not a sort: the directory's own order is kept (a host CRM may rank by more than
      // the label), and each person goes before the first record that ranks below them.
      const out: RecordHit[] = []
      let i = 0
      let j = 0
      while (out.length < limit && (i < found.length || j < persons.length)) {
        const record = found[i]
        const person = persons[j]
        if (person && (!record || compareMatches(person, record) < 0)) {
          out.push(person.hit)
          j++
        } else if (record) {
          out.push(record.hit)
          i++
        }
      }
      return out
    },

    async get(orgId, type, id) {
      if (type !== 'person') return records.get(orgId, type, id)
      const user = await people.userById(id)
      if (!user || user.orgId !== orgId) return null
      const { detail: _line, ...hit } = personHit(user)
      const detail: RecordDetail = { ...hit, fields: { Email: user.email } }
      return detail
    },
  }
}
