// The icon and the name of each kind of record, in the @mention list, in mentions and on record
// pages. Decorative: the type's name is always said in words next to it.

import { Match, Switch } from 'solid-js'
import type { RecordType } from '@parley/chat-model'

export const RECORD_TYPE_NAMES: Readonly<Record<RecordType, string>> = {
  candidate: 'Candidate',
  contact: 'Contact',
  company: 'Company',
  job: 'Job',
  placement: 'Placement',
  person: 'Colleague',
}

export function RecordIcon(props: { type: RecordType }) {
  return (
    <svg class={`icon record-icon record-${props.type}`} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
      <Switch>
        <Match when={props.type === 'candidate'}>
          <circle cx="10" cy="8" r="4" />
          <path d="M3 21a7 7 0 0 1 12-4.9M16 19l2 2 4-4" />
        </Match>
        <Match when={props.type === 'contact'}>
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <circle cx="9" cy="11" r="2.5" />
          <path d="M5.5 17a3.8 3.8 0 0 1 7 0M15 9h3M15 13h3" />
        </Match>
        <Match when={props.type === 'company'}>
          <path d="M4 21V5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v16M16 9h2a2 2 0 0 1 2 2v10M2 21h20M8 7h4M8 11h4M8 15h4" />
        </Match>
        <Match when={props.type === 'job'}>
          <rect x="3" y="7" width="18" height="13" rx="2" />
          <path d="M8 7V5a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2M3 13h18" />
        </Match>
        <Match when={props.type === 'placement'}>
          <circle cx="12" cy="12" r="9" />
          <path d="m8 12 3 3 5-6" />
        </Match>
        <Match when={props.type === 'person'}>
          <circle cx="12" cy="8" r="4" />
          <path d="M4 21a8 8 0 0 1 16 0" />
        </Match>
      </Switch>
    </svg>
  )
}
