"use server";

import { headers } from "next/headers";
import { field } from "@/app/ui/form-values";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { orderResetLink } from "@/lib/flows/password/reset-by-link";
import { deferAfterResponse } from "@/lib/messages/deliver-soon";
import { requestContextFrom } from "@/lib/request/context";
import { orderLinkErrorKey } from "@/app/(site)/(auth)/recovery-errors";

export type OrderPasswordState = {
  error?: string;
  email?: string;
  answer?: "generic" | "sent" | "notFound";
  contact?: string;
  /** With "not found": the organisation whose form this is (its members only). */
  organization?: string;
};

export async function orderPassword(_prev: OrderPasswordState, formData: FormData): Promise<OrderPasswordState> {
  const email = field(formData, "email");
  const echo = email.length <= 254 ? email : "";
  const result = await orderResetLink(
    await getDb(),
    { email },
    {
      now: new Date(),
      appOrigin: appOrigin(),
      defer: deferAfterResponse,
      ...requestContextFrom(await headers()),
    },
  );
  if (!result.ok) return { error: orderLinkErrorKey(result.reason), email: echo };
  if (result.answer === "notFound")
    return {
      answer: "notFound",
      email: echo,
      contact: result.supportEmail ?? result.organizationName,
      organization: result.organizationName,
    };
  return { answer: result.answer };
}
