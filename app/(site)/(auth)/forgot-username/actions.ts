"use server";

import { headers } from "next/headers";
import { field } from "@/app/ui/form-values";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { remindUsernames } from "@/lib/flows/recovery/forgot-username";
import { deferAfterResponse } from "@/lib/messages/deliver-soon";
import { requestContextFrom } from "@/lib/request/context";
import { contactErrorKey } from "@/app/(site)/(auth)/recovery-errors";

export type ForgotUsernameState = { error?: string; contact?: string; sent?: boolean };

export async function forgotUsername(_prev: ForgotUsernameState, formData: FormData): Promise<ForgotUsernameState> {
  const contact = field(formData, "contact");
  const result = await remindUsernames(
    await getDb(),
    { contact },
    {
      now: new Date(),
      appOrigin: appOrigin(),
      defer: deferAfterResponse,
      ...requestContextFrom(await headers()),
    },
  );
  if (!result.ok) return { error: contactErrorKey(result.reason), contact: contact.length <= 254 ? contact : "" };
  return { sent: true };
}
