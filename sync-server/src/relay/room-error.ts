// What a room refuses: a frame or a write, with the close code its connection gets and a reason
// that names the rule (never the frame's content).

export class RoomError extends Error {
  override name = 'RoomError'
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason)
  }
}
