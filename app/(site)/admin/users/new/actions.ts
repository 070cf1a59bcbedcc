"use server";

import { redirect } from "next/navigation";
import { field } from "@/app/ui/form-values";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { createUser } from "@/lib/flows/admin/users";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { adminScope } from "../../scope";

export type CreateUserState = { errors?: Record<string, string>; values?: Record<string, string> };

const FIELDS = ["identifier", "displayName", "email", "phone", "language"] as const;

export async function createUserAction(_prev: CreateUserState, formData: FormData): Promise<CreateUserState> {
  const { scope, current } = await adminScope("/admin/users/new");
  const values = Object.fromEntries(FIELDS.map((f) => [f, field(formData, f)])) as Record<
    (typeof FIELDS)[number],
    string
  >;
  const result = await createUser(
    await getDb(),
    {
      // The administrator's own organisation, whatever the form says.
      licence: current.organization.licence,
      identifier: values.identifier,
      displayName: values.displayName,
      email: values.email,
      phone: values.phone,
      language: values.language,
      role: formData.get("admin") === "on" ? "admin" : "member",
    },
    {
      now: new Date(),
      actor: { userId: scope.actorUserId, ip: scope.ip, userAgent: scope.userAgent },
      appOrigin: appOrigin(),
    },
  );
  if (!result.ok) {
    const echo = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.length <= 254 ? v : ""]));
    return { errors: result.errors as Record<string, string>, values: echo };
  }
  deliverAfterResponse();
  redirect(`/admin/users/${result.userId}?created=1`);
}
