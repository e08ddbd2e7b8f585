// How times and counts read in the UI. Uses the browser's locale; nothing here is stored.

const startedFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' })
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' })
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })

const DAY = 86_400_000
const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0)

/** "Nov 24, 2025, 9:25 PM": when a chat started. */
export const formatStarted = (ms: number) => startedFormat.format(ms)

/** Short and relative to `now`: "Just now", "9:25 PM", "Yesterday", "Mon", "Nov 3". */
export function formatWhen(ms: number, now: number): string {
  if (now - ms < 60_000) return 'Just now'
  const days = Math.round((startOfDay(now) - startOfDay(ms)) / DAY)
  if (days <= 0) return timeFormat.format(ms)
  if (days === 1) return 'Yesterday'
  if (days < 7) return dayFormat.format(ms)
  return dateFormat.format(ms)
}

/** Time of day of a message: "9:25 PM". */
export const formatTime = (ms: number) => timeFormat.format(ms)

export const isoOf = (ms: number) => new Date(ms).toISOString()
