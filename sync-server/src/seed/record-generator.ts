// Generates realistic recruitment records (companies, contacts, candidates, jobs, placements)
// from a seed: the same seed gives the same records on every machine. Used by the demo seed and
// the search benchmark; it writes nothing.

import type { StoredRecord, StoredRecordType } from '../records/record-shape.ts'
import { createPrng, type Prng } from './prng.ts'
import * as names from './record-names.ts'

export type RecordCounts = Readonly<Record<StoredRecordType, number>>

/** Number prefixes and the first number of each type: CAN-301, CON-101, COM-11, JOB-1001, PLC-51. */
const NUMBERING: Record<StoredRecordType, { prefix: string; first: number }> = {
  candidate: { prefix: 'CAN', first: 301 },
  contact: { prefix: 'CON', first: 101 },
  company: { prefix: 'COM', first: 11 },
  job: { prefix: 'JOB', first: 1001 },
  placement: { prefix: 'PLC', first: 51 },
}

const DAY_MS = 86_400_000
const BASE_DATE = Date.UTC(2025, 0, 6)

const slug = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]+/g, '')
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const money = (n: number) => `€${String(n).replace(/\B(?=(\d{3})+$)/g, ',')}`

/**
 * `counts` records of each type, numbered from NUMBERING; the id is the number's digits.
 * @example generateRecords(1, { company: 40, contact: 80, candidate: 150, job: 60, placement: 40 })
 */
export function generateRecords(seed: number, counts: RecordCounts): StoredRecord[] {
  const rng = createPrng(seed)
  const make = (type: StoredRecordType, i: number, label: string, fields: Record<string, string>): StoredRecord => {
    const n = NUMBERING[type].first + i
    return { type, id: String(n), number: `${NUMBERING[type].prefix}-${n}`, label, fields }
  }
  const person = () => `${rng.pick(names.FIRST_NAMES)} ${rng.pick(names.LAST_NAMES)}`
  const email = (name: string, domain: string) => `${name.split(' ').map(slug).join('.')}@${domain}`
  const phone = () => `+44 20 7946 0${String(rng.int(0, 999)).padStart(3, '0')}`

  const companies = Array.from({ length: counts.company }, (_, i) => {
    const label = `${rng.pick(names.COMPANY_STEMS)} ${rng.pick(names.COMPANY_KINDS)} ${rng.pick(names.COMPANY_SUFFIXES)}`
    return make('company', i, label, {
      Industry: rng.pick(names.INDUSTRIES),
      City: rng.pick(names.CITIES),
      Website: `https://${slug(label)}.example.com`,
      Employees: String(rng.int(12, 12_000)),
    })
  })
  const companyName = (r: Prng) => (companies.length > 0 ? r.pick(companies).label : `${r.pick(names.COMPANY_STEMS)} ${r.pick(names.COMPANY_KINDS)}`)

  const contacts = Array.from({ length: counts.contact }, (_, i) => {
    const name = person()
    const company = companyName(rng)
    return make('contact', i, name, { Company: company, Title: rng.pick(names.CONTACT_TITLES), Email: email(name, 'example.org'), Phone: phone() })
  })

  const title = () => `${rng.pick(names.SENIORITIES)} ${rng.pick(names.JOB_TITLES)}`.trim()
  const candidates = Array.from({ length: counts.candidate }, (_, i) => {
    const name = person()
    return make('candidate', i, name, {
      'Current title': title(),
      City: rng.pick(names.CITIES),
      Status: rng.pick(names.CANDIDATE_STATUSES),
      Email: email(name, 'example.net'),
      Phone: phone(),
    })
  })

  const jobs = Array.from({ length: counts.job }, (_, i) => {
    const jobTitle = title()
    const company = companyName(rng)
    const salary = rng.int(28, 140) * 1000
    return make('job', i, `${jobTitle} at ${company}`, {
      Company: company,
      City: rng.pick(names.CITIES),
      Salary: `${money(salary)}–${money(salary + rng.int(5, 25) * 1000)}`,
      Status: rng.pick(names.JOB_STATUSES),
      Openings: String(rng.int(1, 4)),
    })
  })

  const placements = Array.from({ length: counts.placement }, (_, i) => {
    const candidate = candidates.length > 0 ? rng.pick(candidates) : null
    const job = jobs.length > 0 ? rng.pick(jobs) : null
    const who = candidate?.label ?? person()
    const what = job?.label ?? `${title()} at ${companyName(rng)}`
    return make('placement', i, `${who} – ${what}`, {
      Candidate: candidate ? `${who} (${candidate.number})` : who,
      Job: job ? `${what} (${job.number})` : what,
      'Start date': isoDate(BASE_DATE + rng.int(0, 540) * DAY_MS),
      Fee: money(rng.int(4, 30) * 1000),
    })
  })

  return [...companies, ...contacts, ...candidates, ...jobs, ...placements]
}
