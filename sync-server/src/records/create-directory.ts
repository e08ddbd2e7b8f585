// Picks the relay's record directory from its configuration: the host CRM's when
// PARLEY_RECORDS_URL is set, else the database's own (SQLite or PostgreSQL); either way with the
// organization's people.

import type { Directory, Org } from '../accounts/accounts.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import type { RecordDirectory } from './directory.ts'
import { createHttpDirectory } from './http-directory.ts'
import { withPeople } from './people-directory.ts'
import { DEFAULT_URL_TEMPLATES, type UrlTemplates } from './url-template.ts'

/** The link templates of the configuration, with the defaults for types it leaves empty. */
export function urlTemplatesFrom(config: Config): UrlTemplates {
  const or = (configured: string, type: keyof UrlTemplates) => configured || DEFAULT_URL_TEMPLATES[type]
  return Object.freeze({
    candidate: or(config.recordUrlTemplateCandidate, 'candidate'),
    contact: or(config.recordUrlTemplateContact, 'contact'),
    company: or(config.recordUrlTemplateCompany, 'company'),
    job: or(config.recordUrlTemplateJob, 'job'),
    placement: or(config.recordUrlTemplatePlacement, 'placement'),
    person: or(config.recordUrlTemplatePerson, 'person'),
  })
}

export interface DirectoryDeps {
  config: Config
  /** The database's own record search (Backend.recordDirectory). */
  stored(options: { urls: UrlTemplates }): RecordDirectory
  accounts: Directory & { orgById(id: string): Promise<Org | null> }
  log: Logger
}

export function createRecordDirectory({ config, stored, accounts, log }: DirectoryDeps): RecordDirectory {
  const urls = urlTemplatesFrom(config)
  const records = config.recordsUrl
    ? createHttpDirectory({
        url: config.recordsUrl,
        token: config.recordsToken,
        timeoutMs: config.recordsTimeoutMs,
        cacheMs: config.recordsCacheMs,
        urls,
        orgName: async (orgId) => (await accounts.orgById(orgId))?.name,
        log: log.child({ module: 'records' }),
      })
    : stored({ urls })
  return withPeople(records, accounts, urls)
}
