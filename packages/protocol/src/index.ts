export * from './rooms.ts'
export * from './close-codes.ts'
export * from './messages.ts'
export * from './frames.ts'
