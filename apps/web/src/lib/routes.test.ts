import { describe, expect, it } from 'vitest'
import { routeOf } from './routes.ts'
import { recordPath } from './safe-url.ts'

describe('routeOf', () => {
  it('reads the dashboard, record pages and people', () => {
    expect(routeOf('/')).toEqual({ name: 'home' })
    expect(routeOf('/records/job/1042')).toEqual({ name: 'record', type: 'job', id: '1042' })
    expect(routeOf('/records/candidate/c-311/')).toEqual({ name: 'record', type: 'candidate', id: 'c-311' })
    expect(routeOf('/people/M19EfgKlDRAlwuHAKdebwQ')).toEqual({ name: 'person', id: 'M19EfgKlDRAlwuHAKdebwQ' })
  })

  it('reads back every id recordPath writes', () => {
    for (const id of ['a/b', 'javascript:alert(1)', '<b>x</b>', 'ünï cödé', '%41']) {
      expect(routeOf(recordPath('company', id))).toEqual({ name: 'record', type: 'company', id })
    }
  })

  it('says not found for unknown types, people under /records, extra parts and bad escapes', () => {
    for (const path of ['/records/planet/1', '/records/person/u1', '/records/job', '/records/job/1/x', '/people/', '/people/%E0%A4%A', '/nothing']) {
      expect(routeOf(path), path).toEqual({ name: 'not-found' })
    }
  })
})
