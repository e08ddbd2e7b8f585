// Gives each demo organization a few hundred records to @mention, generated from a fixed seed so
// that every install has the same ones. Idempotent: it inserts only records that are missing,
// and never changes one that exists (an import may have updated it).

import type { Accounts } from '../accounts/accounts.ts'
import type { RecordStore } from '../records/record-store.ts'
import { DEMO_ORGS } from './demo.ts'
import { generateRecords, type RecordCounts } from './record-generator.ts'

/** 370 records per demo organization: JOB-1001…JOB-1060, PLC-51…PLC-90, CAN-301…CAN-450 and so on. */
export const DEMO_RECORD_COUNTS: RecordCounts = { company: 40, contact: 80, candidate: 150, job: 60, placement: 40 }

/** The records of the demo organization at `index` in DEMO_ORGS (each has its own seed). */
export const demoRecords = (index: number) => generateRecords(1042 + index, DEMO_RECORD_COUNTS)

/** Inserts the missing demo records of every demo organization that exists; returns how many. */
export async function seedDemoRecords(accounts: Accounts, store: RecordStore): Promise<number> {
  let added = 0
  for (const [index, name] of DEMO_ORGS.entries()) {
    const org = await accounts.orgByName(name)
    if (org) added += await store.insertMissing(org.id, demoRecords(index))
  }
  return added
}
