// The provisioning API a host application calls with its admin key: organizations and people by
// the host's own ids (docs/embedding.md). Deactivating keeps a person's history and ends their
// sessions, so the relay closes their sockets (relay/session-watch.ts).

import { Hono } from 'hono'
import * as v from 'valibot'
import type { Accounts } from '../../accounts/accounts.ts'
import type { HostPeople, HostPerson } from '../../host/host-people.ts'
import type { Logger } from '../../log.ts'
import { ApiError, apiNotFound } from '../errors.ts'
import { readJsonBody } from '../read-body.ts'
import { requireAdminKey } from '../require-admin-key.ts'

const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))
const OrgBody = v.object({ name: Name })
const PersonBody = v.object({ name: Name, email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254))) })
const HOST_ID = /^[^\s/]{1,200}$/u

export interface AdminDeps {
  config: { adminApiKey: string; hostJwtIssuer: string }
  accounts: Pick<Accounts, 'setDeactivated'>
  hostPeople: HostPeople
  log: Logger
}

/** A person as the host sees it: its own id first, then Parley's. */
const shown = (person: HostPerson) => ({
  sub: person.sub,
  id: person.id,
  name: person.name,
  email: person.email,
  active: person.deactivatedAt === undefined,
  ...(person.deactivatedAt === undefined ? {} : { deactivatedAt: person.deactivatedAt }),
})

const hostId = (value: string, what: string): string => {
  if (!HOST_ID.test(value)) throw new ApiError(400, 'invalid_body', `"${what}" must be 1 to 200 characters without spaces or slashes.`)
  return value
}

export function adminRoutes(deps: AdminDeps) {
  const issuer = deps.config.hostJwtIssuer
  const { hostPeople } = deps
  // Without an issuer there is nobody to key people by: the API stays off.
  const key = issuer ? deps.config.adminApiKey : ''
  const person = async (org: string, sub: string) => {
    const found = await hostPeople.personOf(issuer, hostId(org, 'org'), hostId(sub, 'sub'))
    if (!found) throw new ApiError(404, 'not_found', `No person "${sub}" in organization "${org}".`)
    return found
  }

  return new Hono()
    .use('/admin/*', requireAdminKey(key, deps.log))
    .put('/admin/orgs/:org', async (c) => {
      const body = await readJsonBody(c, OrgBody)
      const org = await hostPeople.putOrg(issuer, hostId(c.req.param('org'), 'org'), body.name)
      return c.json({ org: { org: c.req.param('org'), id: org.id, name: org.name } })
    })
    .put('/admin/orgs/:org/users/:sub', async (c) => {
      const body = await readJsonBody(c, PersonBody)
      const org = hostId(c.req.param('org'), 'org')
      const sub = hostId(c.req.param('sub'), 'sub')
      if (body.email && !/^[^\s@]+@[^\s@]+$/.test(body.email)) throw new ApiError(400, 'invalid_body', `"${body.email}" is not an email address.`)
      return c.json({ user: shown(await hostPeople.putPerson(issuer, org, sub, body)) })
    })
    .get('/admin/orgs/:org/users', async (c) => {
      const people = await hostPeople.listPeople(issuer, hostId(c.req.param('org'), 'org'))
      if (!people) throw new ApiError(404, 'not_found', `No organization "${c.req.param('org')}".`)
      return c.json({ users: people.map(shown) })
    })
    .delete('/admin/orgs/:org/users/:sub', async (c) => {
      const found = await person(c.req.param('org'), c.req.param('sub'))
      if (found.deactivatedAt === undefined) await deps.accounts.setDeactivated(found.id, true)
      return c.json({ user: shown(await person(c.req.param('org'), c.req.param('sub'))) })
    })
    .all('/admin/*', apiNotFound)
}
