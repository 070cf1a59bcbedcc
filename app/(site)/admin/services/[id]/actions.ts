"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import { validatedAction } from "@/app/ui/validated-action";
import { deleteService, rotateServiceSecret, updateService } from "@/lib/flows/admin/services";
import { requestScope } from "@/lib/request/scope";
import { isUuid } from "@/lib/validation/uuid";
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
 * The service's id is a bound argument, which the browser can change: checked here, and the
 * flows look the service up only inside the administrator's own organisation.
 */
const serviceId = z.string().refine(isUuid);

/** Saves the settings; a change that gives the service a secret shows it once instead of redirecting. */
export async function updateServiceAction(
  id: string,
  prev: ServiceFormState,
  formData: FormData,
): Promise<ServiceFormState> {
  const checkedId = serviceId.safeParse(id);
  if (!checkedId.success) redirect("/admin/services");
  return validatedAction(
    serviceFormSchema,
    async (form): Promise<ServiceFormState> => {
      const { scope } = await adminScope(`/admin/services/${checkedId.data}`);
      const { db, ctx } = await requestScope();
      const result = await updateService(db, scope, checkedId.data, serviceInputOf(form), ctx);
      if (!result.ok && result.reason === "notFound") redirect("/admin/services");
      if (!result.ok) return { ...serviceErrorState(result), values: typedValues(formData) };
      if (result.secret) return { secret: result.secret };
      redirect(`/admin/services/${checkedId.data}?saved=1`);
    },
    { echo: serviceEcho },
  )(prev, formData);
}

export type RotateSecretState = FormState & { secret?: string };

/** The confirmed "new secret": answered with the secret, shown on this one response. */
export async function rotateServiceSecretAction(id: string): Promise<RotateSecretState> {
  const checkedId = serviceId.safeParse(id);
  if (!checkedId.success) redirect("/admin/services");
  const { scope } = await adminScope(`/admin/services/${checkedId.data}`);
  const { db, ctx } = await requestScope();
  const result = await rotateServiceSecret(db, scope, checkedId.data, ctx);
  if (!result.ok && result.reason === "notFound") redirect("/admin/services");
  if (!result.ok) return { errors: { form: "admin.services.failed.noSecret" } };
  return { secret: result.secret };
}

/** The confirmed removal: back to the list, which says it is done. */
export async function deleteServiceAction(id: string): Promise<void> {
  const checkedId = serviceId.safeParse(id);
  if (!checkedId.success) redirect("/admin/services");
  const { scope } = await adminScope(`/admin/services/${checkedId.data}`);
  const { db } = await requestScope();
  const result = await deleteService(db, scope, checkedId.data);
  redirect(result.ok ? "/admin/services?deleted=1" : "/admin/services");
}
