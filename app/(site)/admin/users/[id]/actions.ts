"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { resendFailedMessage } from "@/lib/flows/admin/messages";
import { isUserAction, runUserAction } from "@/lib/flows/admin/user-actions";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { isUuid } from "@/lib/validation/uuid";
import { adminScope } from "../../scope";

/**
 * A confirmed action from a user's page. The ids come from the page but are not trusted: the
 * flow looks the user up inside the administrator's own organisation.
 */
export async function confirmUserAction(userId: string, action: string): Promise<void> {
  const { scope } = await adminScope("/admin");
  const safeId = isUuid(userId) ? userId : "";
  if (!safeId || !isUserAction(action)) redirect("/admin");
  const result = await runUserAction(
    await getDb(),
    scope,
    { userId: safeId, action },
    { now: new Date(), appOrigin: appOrigin() },
  );
  if (result.ok) deliverAfterResponse();
  redirect(`/admin/users/${safeId}?${result.ok ? `done=${action}` : `failed=${result.reason}`}`);
}

export async function confirmResendMessage(userId: string, messageId: string): Promise<void> {
  const { scope } = await adminScope("/admin");
  const safeId = isUuid(userId) ? userId : "";
  if (!safeId) redirect("/admin");
  const result = await resendFailedMessage(
    await getDb(),
    scope,
    { messageId },
    { now: new Date(), appOrigin: appOrigin() },
  );
  if (result.ok) deliverAfterResponse();
  redirect(
    `/admin/users/${safeId}?${result.ok ? `done=${result.fresh ? "resendMessageFresh" : "resendMessage"}` : `failed=${result.reason}`}`,
  );
}
