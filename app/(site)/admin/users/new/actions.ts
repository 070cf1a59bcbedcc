"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import { validatedAction } from "@/app/ui/validated-action";
import { appOrigin } from "@/lib/env";
import { type CreateUserField, createUser } from "@/lib/flows/admin/users";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";
import { requestScope } from "@/lib/request/scope";
import { EMAIL_MAX } from "@/lib/validation/limits";
import { adminScope } from "../../scope";

const FIELDS = ["identifier", "displayName", "email", "phone", "language"] as const satisfies CreateUserField[];
type Field = (typeof FIELDS)[number];

export type CreateUserState = FormState<Field>;

// createUser checks every field (the same rules as the register import and the CLI), so the
// schema refuses nothing: it takes the fields as typed, and the checkbox as on or off.
const createUserSchema = z.object({
  identifier: z.string(),
  displayName: z.string(),
  email: z.string(),
  phone: z.string(),
  language: z.string(),
  admin: z.string().transform((value) => value === "on"),
});

/** What was typed is put back, each field up to the longest of them (an e-mail address). */
const ECHO_MAX = EMAIL_MAX;

export const createUserAction = validatedAction(
  createUserSchema,
  async ({ admin, ...typed }): Promise<CreateUserState> => {
    const { scope, current } = await adminScope("/admin/users/new");
    const { db, ctx } = await requestScope();
    const organization = current.organization;
    const result = await createUser(
      db,
      // The administrator's own organisation, whatever the form says.
      { licence: organization.licence, ...typed, role: admin ? "admin" : "member" },
      {
        now: ctx.now,
        actor: { userId: scope.actorUserId, ip: scope.ip, userAgent: scope.userAgent },
        appOrigin: appOrigin(),
      },
    );
    if (!result.ok) {
      // An organisation of membership numbers names its identifier so in the messages.
      const group = (field: Field) =>
        field === "identifier" && organization.identifierKind === "membership_number" ? "membership" : field;
      const errors: CreateUserState["errors"] = {};
      for (const field of FIELDS) {
        const code = result.errors[field];
        if (code) errors[field] = `admin.create.errors.${group(field)}.${code}`;
      }
      const values = Object.fromEntries(
        FIELDS.map((field) => [field, typed[field].length <= ECHO_MAX ? typed[field] : ""]),
      );
      return { errors, values };
    }
    deliverAfterResponse();
    redirect(`/admin/users/${result.userId}?created=1`);
  },
);
