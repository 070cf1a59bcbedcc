"use server";

import { validatedAction } from "@/app/ui/validated-action";
import { createService } from "@/lib/flows/admin/services";
import { requestScope } from "@/lib/request/scope";
import { adminScope } from "../../scope";
import {
  serviceEcho,
  serviceErrorState,
  serviceFormSchema,
  type ServiceFormState,
  serviceInputOf,
  typedValues,
} from "../schema";

/**
 * Registers a service in the administrator's own organisation. The answer, not a redirect,
 * carries the new secret: it is shown on this one response and nowhere else (never in an
 * address, a log or the database).
 */
export const createServiceAction = validatedAction(
  serviceFormSchema,
  async (form, _prev, formData): Promise<ServiceFormState> => {
    const { scope } = await adminScope("/admin/services/new");
    const { db, ctx } = await requestScope();
    const result = await createService(db, scope, serviceInputOf(form), ctx);
    if (!result.ok) return { ...serviceErrorState(result), values: typedValues(formData) };
    return { created: { id: result.id, clientId: result.clientId, secret: result.secret } };
  },
  { echo: serviceEcho },
);
