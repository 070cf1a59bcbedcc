import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { checkImport, IMPORT_MAX_BYTES } from "@/lib/flows/admin/member-import";
import { securityHeaders } from "@/lib/security-headers";
import { getCurrentUser } from "@/lib/auth/guards";
import { requestContextFrom } from "@/lib/request/context";
import { scopeOf } from "../../scope";

/**
 * Step one of an import, as a plain form POST (not a server action): the size is checked from
 * Content-Length before the body is read, so a 10 MB file gets a clear answer without raising
 * the body limit of every server action. Answers with a redirect either way (works without JS).
 */
export async function POST(request: Request) {
  // proxy.ts leaves this address alone (it would have Next buffer the whole body first), so the
  // security headers are set here.
  const headers = {
    ...securityHeaders({ production: process.env.NODE_ENV === "production" }),
    "Cache-Control": "no-store, max-age=0",
  };
  const back = (path: string) => new Response(null, { status: 303, headers: { ...headers, Location: path } });
  // Server actions check the origin themselves; a route handler must.
  const origin = request.headers.get("origin");
  if (!origin || (origin !== appOrigin() && origin !== new URL(request.url).origin))
    return new Response(null, { status: 403, headers });
  // Refused here rather than by requireAdmin's thrown redirect, so that the answer has the headers.
  const current = await getCurrentUser();
  if (!current) return back(`/login?callbackUrl=${encodeURIComponent("/admin/import")}`);
  if (current.user.role !== "admin") return new Response(null, { status: 404, headers });
  const scope = scopeOf(current, requestContextFrom(request.headers));
  const length = Number(request.headers.get("content-length"));
  if (!Number.isFinite(length) || length <= 0) return back("/admin/import?problem=missingFile");
  // Multipart framing adds a little to the file itself.
  if (length > IMPORT_MAX_BYTES + 16 * 1024) return back("/admin/import?problem=tooLarge");
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get("file");
  } catch {
    return back("/admin/import?problem=notCsv");
  }
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return back("/admin/import?problem=missingFile");
  const result = await checkImport(
    await getDb(),
    scope,
    { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    { now: new Date() },
  );
  return back(result.ok ? `/admin/import/${result.importId}` : `/admin/import?problem=${result.reason}`);
}
