// Sets and clears the session cookie. HttpOnly keeps page scripts away from it; SameSite=Lax
// keeps other sites' forms and fetches from sending it; Secure when the relay is behind HTTPS.

import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { SESSION_COOKIE } from '../accounts/sessions.ts'

export interface CookieSettings {
  secure: boolean
}

export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number, settings: CookieSettings): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: maxAgeSeconds, secure: settings.secure })
}

export function clearSessionCookie(c: Context, settings: CookieSettings): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', path: '/', secure: settings.secure })
}
