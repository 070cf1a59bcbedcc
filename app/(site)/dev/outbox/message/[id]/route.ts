import { getDb } from "@/lib/db/client";
import { capturedHtml, isMailboxAvailable } from "@/lib/messages/mailbox";
import { isUuid } from "@/lib/validation/uuid";

/** One captured e-mail as its HTML, for the mailbox's preview frame: no scripts, same-site frames only. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isMailboxAvailable() || !isUuid(id)) return new Response("Not Found", { status: 404 });
  const html = await capturedHtml(await getDb(), id);
  if (!html) return new Response("Not Found", { status: 404 });
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
      "X-Frame-Options": "SAMEORIGIN",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
    },
  });
}
