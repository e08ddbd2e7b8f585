// The message field and Send. Enter sends, Shift+Enter adds a line; typing is reported (and
// lapses on its own) so the other person sees "… is typing…".

import { createSignal } from 'solid-js'
import { MAX_TEXT_LENGTH } from '@parley/chat-model'
import { SendIcon } from './icons.tsx'

export interface ComposerProps {
  ref: (el: HTMLTextAreaElement) => void
  /** The other person's name, for the placeholder. */
  name: string
  disabled: boolean
  onSend(text: string): boolean
  onTyping(active: boolean): void
}

export function Composer(props: ComposerProps) {
  const [text, setText] = createSignal('')
  let field: HTMLTextAreaElement | undefined

  const send = () => {
    if (props.disabled || !props.onSend(text())) return
    setText('')
    field?.focus()
  }

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      <textarea
        ref={(el) => {
          field = el
          props.ref(el)
        }}
        aria-label="Message"
        placeholder={`Write to ${props.name}…`}
        rows="2"
        maxLength={MAX_TEXT_LENGTH}
        value={text()}
        onInput={(event) => {
          setText(event.currentTarget.value)
          props.onTyping(event.currentTarget.value.trim().length > 0)
        }}
        onBlur={() => props.onTyping(false)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault()
            send()
          }
        }}
      />
      <button type="submit" class="button primary send" disabled={props.disabled || text().trim().length === 0}>
        <SendIcon />
        Send
      </button>
    </form>
  )
}
