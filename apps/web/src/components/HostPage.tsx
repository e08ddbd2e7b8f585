// The host application's page behind the chat, chosen by the address: the dashboard, a record's
// page or a colleague's page (which @mention links open), or a page that does not exist.

import { Match, Switch, createMemo } from 'solid-js'
import { useRouter } from '../state/router.ts'
import { HostHome } from './HostHome.tsx'
import { BackLink, RecordPage } from './RecordPage.tsx'
import '../styles/records.css'

export function HostPage() {
  const router = useRouter()
  const route = createMemo(() => router.route())
  const record = createMemo(() => {
    const current = route()
    if (current.name === 'record') return { type: current.type, id: current.id }
    if (current.name === 'person') return { type: 'person' as const, id: current.id }
    return null
  })

  return (
    <Switch>
      <Match when={route().name === 'home'}>
        <HostHome />
      </Match>
      <Match when={record()} keyed>
        {(current) => <RecordPage type={current.type} id={current.id} />}
      </Match>
      <Match when={route().name === 'not-found'}>
        <div class="record-page">
          <BackLink />
          <section class="card record-card not-found" aria-labelledby="record-title">
            <h1 id="record-title">Page not found</h1>
            <p>There is no page at this address.</p>
          </section>
        </div>
      </Match>
    </Switch>
  )
}
