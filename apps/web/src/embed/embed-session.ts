// Who is signed in inside the embedded panel. The host hands a token over (through the bridge);
// the frame trades it for a Parley session and keeps that session's token in its own storage,
// so a reload with no network opens at once. A session that ends (401, 4401) asks the host for a
// new token. The cookie plays no part: a cross-site frame never gets it.

import { createSignal, type Accessor } from 'solid-js'
import { api, ApiError, setApiBearer } from '../state/api.ts'
import type { Session } from '../state/session.ts'
import { frameStorage } from './frame-storage.ts'

export type EmbedSessionState =
  | { status: 'waiting' }
  | { status: 'signed-in'; session: Session }
  | { status: 'failed'; notice: string }

/** What the frame keeps: the session, and its token (sent as Bearer; WebSockets use tickets). */
interface KeptSession extends Session {
  token: string
}

export interface EmbedSession {
  state: Accessor<EmbedSessionState>
  /** Trades a host token for a session. */
  useHostToken(token: string): Promise<void>
  /** The host could not give a token. */
  noHostToken(reason: string): void
  /** The relay refused our session: forget it and ask the host again. */
  expire(): void
}

const KEY = 'parley:embed-session'

const readKept = (): KeptSession | null => {
  try {
    const kept = JSON.parse(frameStorage.get(KEY) ?? 'null') as KeptSession | null
    return kept && typeof kept.token === 'string' && kept.user && kept.org ? kept : null
  } catch {
    return null // A corrupt entry is as good as none.
  }
}

const noticeFor = (error: unknown) => {
  if (error instanceof ApiError) {
    if (error.code === 'network') return 'Parley cannot be reached. It will sign you in when the connection is back.'
    if (error.code === 'host_user_deactivated') return 'Your Parley account was deactivated.'
  }
  return 'Signing in to Parley failed.'
}

/** `askHost` asks the element for a token; it answers with useHostToken or noHostToken. */
export function createEmbedSession(askHost: () => void): EmbedSession {
  const [state, setState] = createSignal<EmbedSessionState>({ status: 'waiting' })
  const signedIn = (kept: KeptSession) => {
    frameStorage.set(KEY, JSON.stringify(kept))
    setApiBearer(kept.token)
    setState({ status: 'signed-in', session: { user: kept.user, org: kept.org } })
  }

  const kept = readKept()
  if (kept) {
    setApiBearer(kept.token)
    setState({ status: 'signed-in', session: { user: kept.user, org: kept.org } })
  } else {
    askHost()
  }

  return {
    state,
    async useHostToken(token) {
      try {
        const { token: sessionToken } = await api.hostSession(token)
        setApiBearer(sessionToken)
        const { user, org } = await api.me()
        signedIn({ user, org, token: sessionToken })
      } catch (error) {
        setApiBearer(null)
        setState({ status: 'failed', notice: noticeFor(error) })
      }
    },
    noHostToken(reason) {
      if (state().status !== 'signed-in') setState({ status: 'failed', notice: `Parley could not sign you in: ${reason}` })
    },
    expire() {
      frameStorage.remove(KEY)
      setApiBearer(null)
      setState({ status: 'waiting' })
      askHost()
    },
  }
}
