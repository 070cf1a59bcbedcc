import { getDb } from "@/lib/db/client";
import { isMailboxAvailable, listMailbox } from "@/lib/messages/mailbox";

/** `[{id, channel, to, subject, text, html, template, status, createdAt}]`, newest first. */
export async function GET() {
  if (!isMailboxAvailable()) return new Response("Not Found", { status: 404 });
  return Response.json(await listMailbox(await getDb()), { headers: { "Cache-Control": "no-store" } });
}
