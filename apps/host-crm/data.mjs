// The example CRM's own data: its people (with their own passwords, nothing to do with Parley)
// and a few records that Parley's @mentions can link to. A real host has a database here.

export const ORG = { id: 'northwind', name: 'Northwind Staffing' }

/** Every password is "crm". */
export const USERS = [
  { id: 'u-ann', name: 'Ann Archer', email: 'ann@northwind.test', password: 'crm' },
  { id: 'u-ben', name: 'Ben Baker', email: 'ben@northwind.test', password: 'crm' },
  { id: 'u-cat', name: 'Cat Cole', email: 'cat@northwind.test', password: 'crm' },
]

export const RECORDS = [
  { type: 'job', id: '1042', number: 'JOB-1042', label: 'QA Engineer at Brightwater', fields: { City: 'Stockholm', Openings: '2' } },
  { type: 'job', id: '1043', number: 'JOB-1043', label: 'Warehouse Lead at Fjord Freight', fields: { City: 'Oslo', Openings: '1' } },
  { type: 'candidate', id: '311', number: 'CAN-311', label: 'Ivan Hansen', fields: { City: 'Milan', Status: 'Interviewing' } },
  { type: 'company', id: '11', number: 'COM-11', label: 'Brightwater Logistics', fields: { Country: 'Sweden' } },
]

const key = (text) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()

/** Records whose label or number starts with the query, or with a word that does. */
export function searchRecords(query, limit) {
  const q = key(query.trim())
  const matches = (r) => key(r.number).startsWith(q) || key(r.label).split(/\s+/).some((word) => word.startsWith(q)) || key(r.label).startsWith(q)
  return RECORDS.filter((r) => q === '' || matches(r)).slice(0, limit)
}

export const recordOf = (type, id) => RECORDS.find((r) => r.type === type && r.id === id) ?? null
