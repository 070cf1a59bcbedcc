import { AsyncLocalStorage } from "node:async_hooks";

type CookieToSet = { name: string; value: string; maxAge: number; secure: boolean; httpOnly: boolean };

/**
 * Cookies that Auth.js's callbacks want on the response of its own endpoint. Next's `cookies()`
 * cannot reach a Response that Auth.js builds itself, so the route collects them here and adds
 * them (`withCallbackCookies`).
 */
const pending = new AsyncLocalStorage<CookieToSet[]>();

export function setCallbackCookie(cookie: CookieToSet): void {
  const store = pending.getStore();
  if (!store) throw new Error("setCallbackCookie outside an Auth.js endpoint");
  store.push(cookie);
}

const serialize = (c: CookieToSet) =>
  [
    `${c.name}=${encodeURIComponent(c.value)}`,
    "Path=/",
    `Max-Age=${c.maxAge}`,
    "SameSite=Lax",
    c.httpOnly ? "HttpOnly" : "",
    c.secure ? "Secure" : "",
  ]
    .filter(Boolean)
    .join("; ");

export async function withCallbackCookies(handler: () => Promise<Response>): Promise<Response> {
  const store: CookieToSet[] = [];
  const response = await pending.run(store, handler);
  if (store.length === 0) return response;
  // A copy: the headers of a Response made by Response.redirect() cannot be changed.
  const headers = new Headers(response.headers);
  for (const cookie of store) headers.append("Set-Cookie", serialize(cookie));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
