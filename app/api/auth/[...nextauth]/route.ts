import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { withCallbackCookies } from "@/lib/auth/callback-cookies";

/**
 * next-auth's endpoints, except the session as JSON: no page here needs it, and it would hand
 * the session id to any script on the page.
 */
export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname === "/api/auth/session") return new Response(null, { status: 404 });
  return withCallbackCookies(() => handlers.GET(request));
}

/** Some providers answer with a form post to the callback. */
export async function POST(request: NextRequest) {
  return withCallbackCookies(() => handlers.POST(request));
}
