// Random ids. nanoid draws from crypto.getRandomValues in browsers and Node alike; 22 characters
// of its 64-symbol alphabet carry 132 bits, above the 128 the contract asks of chat ids.
import { nanoid } from 'nanoid'

export const newChatId = () => nanoid(22)
export const newMessageId = () => nanoid(16)
