// The sign-in page: email and password always; in demo mode, one button per demo person so that
// a visitor can be Alice in one window and Bob in another with one click each.

import { For, Show, createResource, createSignal } from 'solid-js'
import { api } from '../state/api.ts'
import { Avatar } from './Avatar.tsx'
import '../styles/login.css'

export interface LoginProps {
  signIn(email: string, password: string): Promise<string | null>
  notice: string | null
}

export function Login(props: LoginProps) {
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  // A relay without demo data (or an older one) simply shows no demo list.
  const [demo] = createResource(() => api.demoLogins().catch(() => null))

  const submit = async (address: string, secret: string) => {
    if (busy()) return
    setBusy(true)
    setError(null)
    const failure = await props.signIn(address, secret)
    setBusy(false)
    if (failure) setError(failure)
  }

  return (
    <main class="login">
      <section class="login-card" aria-labelledby="login-title">
        <div class="login-brand">
          <span class="brand-mark" aria-hidden="true" />
          <span class="brand-name">Parley</span>
        </div>
        <h1 id="login-title">Sign in to your team's chat</h1>
        <Show when={props.notice}>
          <p class="notice" role="status">{props.notice}</p>
        </Show>
        <form
          class="login-form"
          onSubmit={(event) => {
            event.preventDefault()
            void submit(email(), password())
          }}
        >
          <label>
            <span>Email</span>
            <input type="email" name="email" autocomplete="username" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label>
            <span>Password</span>
            <input type="password" name="password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <Show when={error()}>
            <p class="form-error" role="alert">{error()}</p>
          </Show>
          <button type="submit" class="button primary" disabled={busy()}>
            {busy() ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <Show when={demo()}>
          {(logins) => (
            <section class="demo" aria-labelledby="demo-title">
              <h2 id="demo-title">Demo people</h2>
              <p class="muted">One click signs you in. Be one person here and another in a second window.</p>
              <ul>
                <For each={logins().users}>
                  {(person) => (
                    <li>
                      <button
                        type="button"
                        class="demo-person"
                        title={person.email}
                        disabled={busy()}
                        onClick={() => void submit(person.email, logins().password)}
                      >
                        <Avatar name={person.name} />
                        <span class="demo-text">
                          <span class="sr-only">Sign in as </span>
                          <span class="demo-name">{person.name}</span>
                          <span class="muted">{person.org ?? person.email}</span>
                        </span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          )}
        </Show>
      </section>
    </main>
  )
}
