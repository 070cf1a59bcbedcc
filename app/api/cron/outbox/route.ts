import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isCronAuthorized, runOutboxJob } from "@/lib/jobs/cron";
import { configuredTransports } from "@/lib/messages/transports";

export const maxDuration = 60;

/** Vercel Cron calls this (vercel.json) with `Authorization: Bearer $CRON_SECRET`. */
export async function GET(request: Request) {
  if (!isCronAuthorized(request.headers.get("authorization"), env().CRON_SECRET)) {
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const db = await getDb();
  const report = await runOutboxJob(db, configuredTransports(db), { budgetMs: 45_000 });
  return Response.json(report);
}
