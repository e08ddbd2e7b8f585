// Green when the person is online, grey when not, and hollow when this device cannot know (it is
// disconnected: the last known state is shown, faded), with the words for screen readers.

export function PresenceDot(props: { online: boolean; known?: boolean }) {
  const words = () => (props.known === false ? `${props.online ? 'online' : 'offline'} when last seen` : props.online ? 'online' : 'offline')
  return (
    <span class="presence" classList={{ online: props.online, unknown: props.known === false }} title={props.known === false ? 'Presence unknown while you are offline' : undefined}>
      <span class="sr-only">{words()}</span>
    </span>
  )
}
