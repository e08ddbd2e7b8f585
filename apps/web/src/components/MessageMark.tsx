// The small mark beside one of my messages, with its meaning in words for screen readers (and as
// a tooltip): pending, sent, seen, or not delivered.

import { Match, Switch } from 'solid-js'
import type { MessageMark as Mark } from '../state/chat.ts'
import { AlertIcon, CheckIcon, DoubleCheckIcon, PendingIcon } from './icons.tsx'

export const MARK_WORDS: Record<Mark, string> = {
  pending: 'Pending: only on this device',
  sent: 'Sent',
  seen: 'Seen',
  failed: 'Not delivered: the relay refused it',
}

export function MessageMark(props: { mark: Mark }) {
  return (
    <span class="mark" data-mark={props.mark} title={MARK_WORDS[props.mark]}>
      <Switch>
        <Match when={props.mark === 'pending'}>
          <PendingIcon />
        </Match>
        <Match when={props.mark === 'sent'}>
          <CheckIcon />
        </Match>
        <Match when={props.mark === 'seen'}>
          <DoubleCheckIcon />
        </Match>
        <Match when={props.mark === 'failed'}>
          <AlertIcon />
        </Match>
      </Switch>
      <span class="sr-only">{MARK_WORDS[props.mark]}</span>
    </span>
  )
}
