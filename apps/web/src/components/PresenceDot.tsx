// Green when the person is online, grey when not, with the word for screen readers.

export function PresenceDot(props: { online: boolean }) {
  return (
    <span class="presence" classList={{ online: props.online }}>
      <span class="sr-only">{props.online ? 'online' : 'offline'}</span>
    </span>
  )
}
