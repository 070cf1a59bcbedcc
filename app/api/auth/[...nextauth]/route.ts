import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { withCallbackCookies } from "@/lib/session/callback-cookies";

/**
 * next-auth's endpoints, except the session as JSON: no page here needs it, and it would hand the
 * session id to any script on the page. Auth.js answers it to GET and, with the CSRF token any
 * script of ours can fetch, to POST (a session "update"): both, and every other method, get 404.
 */
const isSessionEndpoint = (request: NextRequest) =>
  // The action as Auth.js reads it: the first non-empty segment after its base path.
  request.nextUrl.pathname.slice("/api/auth".length).split("/").filter(Boolean)[0] === "session";

const notFound = () => new Response(null, { status: 404 });
const notAllowed = (request: NextRequest) =>
  isSessionEndpoint(request) ? notFound() : new Response(null, { status: 405, headers: { Allow: "GET, HEAD, POST" } });

export async function GET(request: NextRequest) {
  if (isSessionEndpoint(request)) return notFound();
  return withCallbackCookies(() => handlers.GET(request));
}

/** Some providers answer with a form post to the callback. */
export async function POST(request: NextRequest) {
  if (isSessionEndpoint(request)) return notFound();
  return withCallbackCookies(() => handlers.POST(request));
}

export async function PUT(request: NextRequest) {
  return notAllowed(request);
}
export async function PATCH(request: NextRequest) {
  return notAllowed(request);
}
export async function DELETE(request: NextRequest) {
  return notAllowed(request);
}
export async function OPTIONS(request: NextRequest) {
  return notAllowed(request);
}
