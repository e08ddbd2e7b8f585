// POST /api/sessions/host: a host application's signed token in, a Parley session out, answered
// like /api/login. No cookie is set: the embedded panel runs in a cross-site frame, where a
// SameSite=Lax cookie is never sent, so it keeps the token and sends it as a Bearer.

import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import * as v from 'valibot'
import type { Sessions } from '../../accounts/sessions.ts'
import type { HostPeople } from '../../host/host-people.ts'
import { HostTokenError, type HostTokenReason, type HostTokenVerifier } from '../../host/host-token.ts'
import type { Logger } from '../../log.ts'
import { ApiError } from '../errors.ts'
import { readJsonBody } from '../read-body.ts'

const HostSessionBody = v.object({ token: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)) })

const STATUS: Record<HostTokenReason, ContentfulStatusCode> = {
  host_token_invalid: 401,
  host_token_algorithm: 401,
  host_token_expired: 401,
  host_token_not_yet_valid: 401,
  host_token_issuer: 401,
  host_token_audience: 401,
  host_token_claims: 401,
  host_token_lifetime: 401,
  host_token_replayed: 401,
  host_user_deactivated: 403,
  host_keys_unavailable: 502,
}

export interface HostSessionDeps {
  /** Null when PARLEY_HOST_JWT_ISSUER is not set: host sign-in is off. */
  hostTokens: HostTokenVerifier | null
  hostPeople: HostPeople
  sessions: Sessions
  log: Logger
}

export function hostSessionRoutes(deps: HostSessionDeps) {
  return new Hono().post(
    '/sessions/host',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError(413, 'body_too_large', 'A host sign-in body is at most 16 KiB.')
      },
    }),
    async (c) => {
      const { hostTokens } = deps
      if (!hostTokens) throw new ApiError(404, 'host_sign_in_off', 'Host sign-in is off on this relay (set PARLEY_HOST_JWT_ISSUER).')
      const body = await readJsonBody(c, HostSessionBody)
      try {
        const claims = await hostTokens.verify(body.token)
        const user = await deps.hostPeople.signIn(claims)
        const session = await deps.sessions.create(user.id)
        return c.json({ token: session.token, expiresAt: session.expiresAt, user: { id: user.id, orgId: user.orgId, name: user.name, email: user.email } })
      } catch (err) {
        if (!(err instanceof HostTokenError)) throw err
        deps.log.info({ reason: err.reason }, 'host sign-in refused')
        throw new ApiError(STATUS[err.reason], err.reason, err.message)
      }
    },
  )
}
