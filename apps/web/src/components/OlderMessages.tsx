// The end of the conversation where older messages load: a marker that asks for the next page as
// it comes into sight (newest on top, so that is the bottom of the list), "Loading older
// messages…" while a page is on its way, and the error with Retry when one could not be loaded.

import { Match, Switch, onCleanup, onMount } from 'solid-js'
import type { OlderState } from '../state/chat.ts'

export interface OlderMessagesProps {
  state: OlderState
  onLoad(): void
}

/** Asks for a page each time it is mounted in sight or scrolled into it. */
function Marker(props: { onVisible(): void }) {
  let element: HTMLLIElement | undefined
  onMount(() => {
    // Mounted anew after every page, so a marker still in sight asks again at once.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) props.onVisible()
    })
    observer.observe(element!)
    onCleanup(() => observer.disconnect())
  })
  return <li ref={element} class="older-marker" aria-hidden="true" />
}

export function OlderMessages(props: OlderMessagesProps) {
  return (
    <Switch>
      <Match when={props.state === 'more'}>
        <Marker onVisible={props.onLoad} />
      </Match>
      <Match when={props.state === 'loading'}>
        <li class="older-note muted">
          <span role="status">Loading older messages…</span>
        </li>
      </Match>
      <Match when={props.state === 'error'}>
        <li class="older-note">
          <span class="error" role="alert">
            Older messages could not be loaded.
          </span>{' '}
          <button type="button" class="button small" onClick={() => props.onLoad()}>
            Retry
          </button>
        </li>
      </Match>
    </Switch>
  )
}
