export * from './schema.ts'
export * from './ids.ts'
export * from './chat.ts'
export * from './inbox.ts'
