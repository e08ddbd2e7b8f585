// The root: the sign-in page, or the host shell with a workspace for the signed-in person. A new
// workspace is built for every session and disposed (connections closed) when the session ends.

import { Match, Switch, createMemo } from 'solid-js'
import { createSession, type Session } from '../state/session.ts'
import { createWorkspace, WorkspaceProvider } from '../state/workspace.ts'
import { Login } from './Login.tsx'
import { Shell } from './Shell.tsx'

export function App() {
  const session = createSession()
  const signedIn = createMemo(() => {
    const state = session.state()
    return state.status === 'signed-in' ? state.session : null
  })
  const notice = createMemo(() => {
    const state = session.state()
    return state.status === 'signed-out' ? state.notice : null
  })

  return (
    <Switch>
      <Match when={session.state().status === 'loading'}>
        <div class="splash" role="status" aria-label="Loading Parley" />
      </Match>
      <Match when={signedIn()} keyed>
        {(current: Session) => {
          // Built under this branch's owner: leaving the branch disposes every connection.
          const workspace = createWorkspace(current, session.expire)
          return (
            <WorkspaceProvider value={workspace}>
              <Shell onSignOut={() => void session.signOut()} />
            </WorkspaceProvider>
          )
        }}
      </Match>
      <Match when={session.state().status === 'signed-out'}>
        <Login signIn={session.signIn} notice={notice()} />
      </Match>
    </Switch>
  )
}
