// Verifies the short-lived JWT a host application signs for its signed-in person (docs/embedding.md)
// with jose: HS256 with a shared secret, or RS256/ES256/EdDSA with the host's JWKS. It turns every
// refusal into one HostTokenError reason; whether the token was used before is host-people.ts's job.

import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import * as v from 'valibot'

/** How long a host token may live (`exp` − `iat`), and how old it may be when it arrives. */
export const MAX_HOST_TOKEN_SECONDS = 600
/** Clock difference tolerated between the host and the relay. */
export const CLOCK_TOLERANCE_SECONDS = 5
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const

export const HostTokenReason = {
  invalid: 'host_token_invalid',
  algorithm: 'host_token_algorithm',
  expired: 'host_token_expired',
  notYetValid: 'host_token_not_yet_valid',
  issuer: 'host_token_issuer',
  audience: 'host_token_audience',
  claims: 'host_token_claims',
  lifetime: 'host_token_lifetime',
  replayed: 'host_token_replayed',
  deactivated: 'host_user_deactivated',
  keysUnavailable: 'host_keys_unavailable',
} as const
export type HostTokenReason = (typeof HostTokenReason)[keyof typeof HostTokenReason]

export class HostTokenError extends Error {
  override name = 'HostTokenError'
  constructor(
    readonly reason: HostTokenReason,
    message: string,
  ) {
    super(message)
  }
}

const HostId = v.pipe(v.string(), v.minLength(1), v.maxLength(200))
const Claims = v.object({
  iss: v.string(),
  sub: HostId,
  org: HostId,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  email: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254))),
  iat: v.number(),
  exp: v.number(),
  jti: HostId,
})
export type HostClaims = v.InferOutput<typeof Claims>

export interface HostTokenOptions {
  issuer: string
  /** HS256 secret; empty refuses HS256. */
  secret: string
  /** JWKS address; empty refuses RS256, ES256 and EdDSA. */
  jwksUrl: string
  /** Least time between two fetches of the JWKS. */
  jwksCooldownMs: number
}

export interface HostTokenVerifier {
  /** The token's claims, or throws HostTokenError. */
  verify(token: string): Promise<HostClaims>
}

const REQUIRED = ['iss', 'aud', 'sub', 'org', 'name', 'iat', 'exp', 'jti']

export function createHostTokenVerifier(options: HostTokenOptions): HostTokenVerifier {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : null
  // jose's remote set caches the keys and fetches again when a token names a kid it lacks.
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: options.jwksCooldownMs }) : null
  const algorithms = [...(secret ? ['HS256'] : []), ...(jwks ? JWKS_ALGORITHMS : [])]
  const keyFor: JWTVerifyGetKey = (header, token) => {
    if (header.alg === 'HS256' && secret) return secret
    if (jwks) return jwks(header, token)
    throw new errors.JOSEAlgNotAllowed(`"alg" (Algorithm) Header Parameter value not allowed`)
  }

  return {
    async verify(token) {
      if (algorithms.length === 0) throw new HostTokenError('host_token_algorithm', 'No host key is configured.')
      let payload: JWTPayload
      try {
        ;({ payload } = await jwtVerify(token, keyFor, {
          algorithms,
          issuer: options.issuer,
          audience: 'parley',
          requiredClaims: REQUIRED,
          maxTokenAge: MAX_HOST_TOKEN_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }))
      } catch (err) {
        throw refusalOf(err)
      }
      const claims = v.safeParse(Claims, payload)
      if (!claims.success) {
        const where = claims.issues[0] ? v.getDotPath(claims.issues[0]) : null
        throw new HostTokenError('host_token_claims', `The token's "${where ?? 'claims'}" claim is missing or not valid.`)
      }
      if (claims.output.exp - claims.output.iat > MAX_HOST_TOKEN_SECONDS) {
        throw new HostTokenError('host_token_lifetime', `A host token may live at most ${MAX_HOST_TOKEN_SECONDS} seconds (exp − iat).`)
      }
      return claims.output
    },
  }
}

/** The verifier the configuration asks for, or null when host sign-in is off (no issuer). */
export function createHostTokenVerifierFor(config: {
  hostJwtIssuer: string
  hostJwtSecret: string
  hostJwksUrl: string
  hostJwksCooldownMs: number
}): HostTokenVerifier | null {
  if (!config.hostJwtIssuer) return null
  return createHostTokenVerifier({
    issuer: config.hostJwtIssuer,
    secret: config.hostJwtSecret,
    jwksUrl: config.hostJwksUrl,
    jwksCooldownMs: config.hostJwksCooldownMs,
  })
}

/** jose's error, as the refusal the host reads. Anything unknown is a malformed token. */
function refusalOf(err: unknown): HostTokenError {
  if (err instanceof errors.JOSEAlgNotAllowed) return new HostTokenError('host_token_algorithm', 'The token is signed with an algorithm this relay does not accept.')
  if (err instanceof errors.JWTExpired) return new HostTokenError('host_token_expired', 'The token has expired (or was issued too long ago).')
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return new HostTokenError('host_token_claims', `The token has no "${err.claim}" claim.`)
    if (err.claim === 'iss') return new HostTokenError('host_token_issuer', 'The token was issued by another issuer (see PARLEY_HOST_JWT_ISSUER).')
    if (err.claim === 'aud') return new HostTokenError('host_token_audience', 'The token is not meant for Parley ("aud" must be "parley").')
    if (err.claim === 'nbf' || err.claim === 'iat') return new HostTokenError('host_token_not_yet_valid', 'The token is not valid yet.')
    return new HostTokenError('host_token_claims', `The token's "${err.claim}" claim is not valid.`)
  }
  // A failed fetch of the JWKS is the network's error, not jose's; jose's own for a bad answer is generic.
  if (!(err instanceof errors.JOSEError) || err instanceof errors.JWKSTimeout || err.code === 'ERR_JOSE_GENERIC') {
    return new HostTokenError('host_keys_unavailable', 'The host\'s keys (PARLEY_HOST_JWKS_URL) could not be fetched.')
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
    return new HostTokenError('host_token_invalid', 'The token\'s signature does not verify.')
  }
  return new HostTokenError('host_token_invalid', 'The token is not a valid signed JWT.')
}
