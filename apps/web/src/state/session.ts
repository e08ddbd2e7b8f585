// Who is signed in. Restores the session from the relay's cookie (GET /api/me) on load, or, with
// no network, from the answer kept from the last time; signs in and out, and ends the session
// when the relay says the credentials are no longer valid. It does not hold any chat data: the
// workspace built for a session does, and is disposed with it.

import { createSignal, type Accessor } from 'solid-js'
import { api, ApiError, type Org, type User } from './api.ts'
import { clearDirectoryCache } from './directory.ts'
import { clearRecordCache } from './record-cache.ts'
import { clearRecordDetails } from './record-details.ts'
import { clearLocalData } from './local-copies.ts'

export interface Session {
  user: User
  org: Org
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; session: Session }

export interface SessionControl {
  state: Accessor<SessionState>
  /** Resolves with an error message for the form, or null once signed in. */
  signIn(email: string, password: string): Promise<string | null>
  signOut(): Promise<void>
  /** The relay refused our credentials (a 4401 close or a 401): back to the sign-in page. */
  expire(): void
}

const CACHE_KEY = 'parley:session'
/**
 * Set when signing out could not reach the relay: the session cookie (HttpOnly, so out of our
 * reach) still works, and the next person to open the app must not be let in with it.
 */
const LOGOUT_PENDING_KEY = 'parley:logout-pending'

/** The last session, so that the app can open without a network (see issue 4). */
const readCache = (): Session | null => {
  try {
    const raw = localStorage.getItem(CACHE_KEY)
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null // Storage disabled or a corrupt entry: behave as if nothing was cached.
  }
}

const messageFor = (error: unknown) => {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return 'That email and password do not match an account.'
    if (error.code === 'invalid_body') return 'Enter an email address and a password.'
    if (error.code === 'too_many_attempts') return 'Too many sign-in attempts. Wait a few minutes, then try again.'
    if (error.code === 'network') return 'Parley cannot be reached. Check your connection and try again.'
  }
  return 'Signing in failed. Try again in a moment.'
}

export function createSession(): SessionControl {
  const [state, setState] = createSignal<SessionState>({ status: 'loading' })

  const signedIn = (session: Session) => {
    localStorage.setItem(CACHE_KEY, JSON.stringify({ user: session.user, org: session.org }))
    setState({ status: 'signed-in', session })
  }
  const signedOut = (notice: string | null) => {
    localStorage.removeItem(CACHE_KEY)
    setState({ status: 'signed-out', notice })
  }

  const logOutAtRelay = () =>
    api.logout().then(
      () => localStorage.removeItem(LOGOUT_PENDING_KEY),
      (error: unknown) => {
        if (error instanceof ApiError && error.code === 'network') localStorage.setItem(LOGOUT_PENDING_KEY, '1')
        else localStorage.removeItem(LOGOUT_PENDING_KEY) // 401: that session is over already.
      },
    )

  if (localStorage.getItem(LOGOUT_PENDING_KEY)) {
    void logOutAtRelay().then(() => signedOut(null))
  } else {
    api.me().then(
      ({ user, org }) => signedIn({ user, org }),
      (error: unknown) => {
        const cached = readCache()
        if (error instanceof ApiError && error.code === 'network' && cached) signedIn(cached)
        else signedOut(null)
      },
    )
  }

  return {
    state,
    async signIn(email, password) {
      try {
        // The answer's token is for clients without cookies; this page relies on the HttpOnly
        // cookie the same answer sets, so that no script here ever holds the session.
        await api.login(email.trim(), password)
        const { user, org } = await api.me()
        signedIn({ user, org })
        return null
      } catch (error) {
        return messageFor(error)
      }
    },
    async signOut() {
      const current = state()
      await logOutAtRelay() // Signing out locally matters more than telling the relay: no waiting.
      // Signed out first: that disposes the workspace, whose open IndexedDB connections would
      // otherwise block the deletion for ever.
      signedOut(null)
      if (current.status === 'signed-in') {
        clearDirectoryCache(current.session.org.id)
        clearRecordCache(current.session.user.id)
        clearRecordDetails(current.session.user.id)
        await clearLocalData(current.session.user.id)
      }
    },
    expire() {
      if (state().status === 'signed-in') signedOut('Your session has ended. Sign in again to carry on.')
    },
  }
}
