import { headers } from "next/headers";
import { type Db, getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import type { FlowContext } from "@/lib/flows/context";
import { deferAfterResponse } from "@/lib/messages/deliver-soon";
import { requestContextFrom } from "./context";

/** APP_ORIGIN, or nothing where none is configured (demo mode in production without it). */
function configuredOrigin(): string | undefined {
  try {
    return appOrigin();
  } catch {
    return undefined;
  }
}

/**
 * What a server action or route handler hands a flow step: the database, and the request's
 * `FlowContext`: its clock, the client's address and browser (lib/request/context.ts), the public
 * origin, and `defer` (work after the response, then delivery of what it queued). Only app/ and
 * route handlers call it; flows receive `db` and `ctx`.
 */
export async function requestScope(): Promise<{ db: Db; ctx: FlowContext }> {
  const db = await getDb();
  const ctx: FlowContext = {
    now: new Date(),
    ...requestContextFrom(await headers()),
    appOrigin: configuredOrigin(),
    defer: deferAfterResponse,
  };
  return { db, ctx };
}
