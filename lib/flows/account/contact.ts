import type { Db } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";
import { type ContactChannel, removePhone, type RequestCodeResult, requestContactCode } from "./contact-verification";
import { confirmRecentSignIn, type ReauthResult } from "@/lib/flows/sign-in/recent-auth";
import type { FlowContext, FlowResult } from "@/lib/flows/context";

type GateError = Extract<ReauthResult, { ok: false }>;

/**
 * The account page's "change e-mail / phone": behind the recent-sign-in gate, then the same
 * code flow as activation. (Confirming the code needs no gate: the code itself came from here.)
 */
export async function requestOwnContactCode(
  db: Db,
  input: { user: User; sessionId: string; channel: ContactChannel; value: string; password: string },
  ctx: FlowContext,
): Promise<RequestCodeResult | GateError> {
  const gate = await confirmRecentSignIn(
    db,
    { user: input.user, sessionId: input.sessionId, password: input.password },
    ctx,
  );
  if (!gate.ok) return gate;
  return requestContactCode(db, { user: input.user, channel: input.channel, value: input.value }, ctx);
}

/** "Poista puhelinnumero", behind the same gate. */
export async function removeOwnPhone(
  db: Db,
  input: { user: User; sessionId: string; password: string },
  ctx: FlowContext,
): Promise<FlowResult<object, GateError["reason"] | "noPhone">> {
  const gate = await confirmRecentSignIn(db, input, ctx);
  if (!gate.ok) return gate;
  return (await removePhone(db, { user: input.user }, ctx)).ok ? { ok: true } : { ok: false, reason: "noPhone" };
}
