"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { appOrigin } from "@/lib/env";
import { resendFailedMessage } from "@/lib/flows/admin/messages";
import { runUserAction, USER_ACTIONS } from "@/lib/flows/admin/user-actions";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { isUuid } from "@/lib/validation/uuid";
import { adminScope } from "../../scope";

/**
 * The ids come from the page as bound arguments, which the browser can change: checked here, and
 * the flows look the user (and the message) up inside the administrator's own organisation.
 */
const userActionArgs = z.object({ userId: z.string().refine(isUuid), action: z.enum(USER_ACTIONS) });
// The message's id is the flow's to check: one not of the organisation's (or no id at all) is "notFound".
const resendArgs = z.object({ userId: z.string().refine(isUuid), messageId: z.string().catch("") });

/** A confirmed action from a user's page. */
export async function confirmUserAction(userId: string, action: string): Promise<void> {
  const { scope } = await adminScope("/admin");
  const args = userActionArgs.safeParse({ userId, action });
  if (!args.success) redirect("/admin");
  const { db, ctx } = await requestScope();
  const result = await runUserAction(db, scope, args.data, { now: ctx.now, appOrigin: appOrigin() });
  if (result.ok) deliverAfterResponse();
  redirect(`/admin/users/${args.data.userId}?${result.ok ? `done=${action}` : `failed=${result.reason}`}`);
}

/** "Send again", confirmed on the user's page, for one of their messages that failed for good. */
export async function resendMessageAction(userId: string, messageId: string): Promise<void> {
  const { scope } = await adminScope("/admin");
  const args = resendArgs.safeParse({ userId, messageId });
  if (!args.success) redirect("/admin");
  const { db, ctx } = await requestScope();
  const result = await resendFailedMessage(
    db,
    scope,
    { messageId: args.data.messageId },
    { now: ctx.now, appOrigin: appOrigin() },
  );
  if (result.ok) deliverAfterResponse();
  const outcome = result.ok
    ? `done=${result.fresh ? "resendMessageFresh" : "resendMessage"}`
    : `failed=${result.reason}`;
  redirect(`/admin/users/${args.data.userId}?${outcome}`);
}
