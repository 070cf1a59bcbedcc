"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { parseForm } from "@/app/ui/validated-action";
import { appOrigin } from "@/lib/env";
import { applyImport } from "@/lib/flows/admin/member-import";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { isUuid } from "@/lib/validation/uuid";
import { adminScope } from "../../scope";

/** The import's id is a bound argument, which the browser can change; the flow finds it only in the organisation. */
const importIdSchema = z.string().refine(isUuid);
const applySchema = z.object({ sendActivations: z.string().transform((value) => value === "on") });

/** Step two: apply the checked file in one transaction; the page then shows what was done. */
export async function applyImportAction(importId: string, formData: FormData): Promise<void> {
  const { scope } = await adminScope("/admin/import");
  const id = importIdSchema.safeParse(importId);
  if (!id.success) redirect("/admin/import");
  const { sendActivations } = parseForm(applySchema, formData);
  const { db, ctx } = await requestScope();
  const result = await applyImport(
    db,
    scope,
    { importId: id.data, sendActivations },
    { now: ctx.now, appOrigin: appOrigin() },
  );
  if (!result.ok) redirect(`/admin/import/${id.data}?failed=${result.reason}`);
  if (result.activationsSent > 0) deliverAfterResponse();
  const { created, changed, skipped, activationsSent } = result;
  redirect(
    `/admin/import/${id.data}?${new URLSearchParams({ created: String(created), changed: String(changed), skipped: String(skipped), sent: String(activationsSent) })}`,
  );
}
