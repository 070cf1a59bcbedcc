"use server";

import { echo } from "@/app/ui/form-state";
import { validatedAction } from "@/app/ui/validated-action";
import { appOrigin } from "@/lib/env";
import { orderResetLink } from "@/lib/flows/password/reset-by-link";
import { requestScope } from "@/lib/request/scope";
import { EMAIL_MAX } from "@/lib/validation/limits";
import { orderLinkErrorKey } from "@/app/(site)/(auth)/recovery-errors";
import { orderPasswordSchema, type OrderPasswordState } from "./schema";

/** A reset link by e-mail; the accounts' work runs after the answer. */
export const orderPasswordAction = validatedAction(
  orderPasswordSchema,
  async ({ email }): Promise<OrderPasswordState> => {
    const { db, ctx } = await requestScope();
    const result = await orderResetLink(db, { email }, { ...ctx, appOrigin: appOrigin() });
    const values = { email: echo(email, EMAIL_MAX) };
    if (!result.ok) return { errors: { email: orderLinkErrorKey(result.reason) }, values };
    if (result.answer === "notFound")
      return {
        answer: "notFound",
        values,
        // Whom to ask, and the organisation whose form this is (its members only).
        params: { contact: result.supportEmail ?? result.organizationName, organization: result.organizationName },
      };
    return { answer: result.answer };
  },
);
