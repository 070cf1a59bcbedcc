import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import { parseIdentifier } from "@/lib/identity/identifiers";
import { IDENTIFIER_MAX, PASSWORD_MAX } from "@/lib/validation/limits";

/**
 * The sign-in form's fields, refused before any account work (the answer does not depend on one):
 * a name in the shape of an identifier, a password no longer than any password. Messages are keys
 * from the root of the message files.
 */
export const loginSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(1, "login.errors.identifierEmpty")
    .max(IDENTIFIER_MAX, "login.errors.identifierTooLong")
    .refine((v) => parseIdentifier(v).ok, "login.errors.identifierMalformed"),
  password: z.string().min(1, "login.errors.passwordEmpty").max(PASSWORD_MAX, "login.errors.passwordTooLong"),
});

/** A refused sign-in: the fields' messages, or `form` (the one generic answer); the identifier is put back. */
export type LoginState = FormState<"identifier" | "password">;

/** What is put back into the form (field → longest value): the identifier, never the password. */
export const loginEcho = { identifier: IDENTIFIER_MAX };
