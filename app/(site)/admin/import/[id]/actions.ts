"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { applyImport } from "@/lib/flows/admin/member-import";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { isUuid } from "@/lib/validation/uuid";
import { adminScope } from "../../scope";

/** Step two: apply the checked file in one transaction; the page then shows what was done. */
export async function applyRegister(importId: string, formData: FormData): Promise<void> {
  const { scope } = await adminScope("/admin/import");
  const safeId = isUuid(importId) ? importId : "";
  if (!safeId) redirect("/admin/import");
  const result = await applyImport(
    await getDb(),
    scope,
    { importId: safeId, sendActivations: formData.get("sendActivations") === "on" },
    { now: new Date(), appOrigin: appOrigin() },
  );
  if (!result.ok) redirect(`/admin/import/${safeId}?failed=${result.reason}`);
  if (result.activationsSent > 0) deliverAfterResponse();
  const { created, changed, skipped, activationsSent } = result;
  redirect(
    `/admin/import/${safeId}?${new URLSearchParams({ created: String(created), changed: String(changed), skipped: String(skipped), sent: String(activationsSent) })}`,
  );
}
