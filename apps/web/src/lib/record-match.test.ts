import { describe, expect, it } from 'vitest'
import { matchRecords } from './record-match.ts'

const records = [
  { id: '1', number: 'JOB-1042', label: 'QA Engineer at Brightwater Logistics AB' },
  { id: '2', number: 'JOB-10', label: 'Warehouse Lead' },
  { id: '3', number: 'JOB-1001', label: 'Data Engineer North' },
  { id: '4', number: 'CAN-311', label: 'Zoë Ångström' },
  { id: '5', number: 'PLC-0077', label: 'Placement of Ann Smith' },
  { id: '6', number: 'CAN-312', label: 'Ann Smith' },
  { id: '7', number: '', label: 'Bob Brown' },
]
const ids = (query: string, limit = 10) => matchRecords(query, records, limit).map((r) => r.id)

describe('matchRecords', () => {
  it('puts the exact number first, with or without its prefix', () => {
    expect(ids('JOB-1042')[0]).toBe('1')
    expect(ids('job 1042')[0]).toBe('1')
    expect(ids('1042')).toEqual(['1'])
    expect(ids('77')).toEqual(['5'])
  })

  it('finds numbers by their start, shortest first', () => {
    expect(ids('JOB-10')).toEqual(['2', '3', '1'])
  })

  it('finds labels by their start, then by words inside them, without case or accents', () => {
    expect(ids('ann')).toEqual(['6', '5'])
    expect(ids('zoe ang')).toEqual(['4'])
    expect(ids('engineer north')).toEqual(['3'])
    expect(ids('@bob')).toEqual(['7'])
  })

  it('finds nothing for an empty query and keeps to the limit', () => {
    expect(ids('')).toEqual([])
    expect(ids('e', 2)).toHaveLength(2)
  })
})
