import { z } from "zod";
import { IDENTIFIER_MAX_LENGTH, parseIdentifier } from "@/lib/identity/identifiers";
import { PASSWORD_MAX_LENGTH } from "@/lib/password/hash";

/** Messages are keys under `login.` in the message files. */
export const loginFormSchema = z.object({
  identifier: z
    .string({ error: "errors.identifierEmpty" })
    .trim()
    .min(1, "errors.identifierEmpty")
    .max(IDENTIFIER_MAX_LENGTH, "errors.identifierTooLong")
    .refine((v) => parseIdentifier(v).ok, "errors.identifierMalformed"),
  password: z
    .string({ error: "errors.passwordEmpty" })
    .min(1, "errors.passwordEmpty")
    .max(PASSWORD_MAX_LENGTH, "errors.passwordTooLong"),
});

export type LoginFormState = {
  /** Field → message key; `form` is the one generic answer of a refused sign-in. */
  errors?: { identifier?: string; password?: string; form?: string };
  identifier?: string;
};

export function parseLoginForm(formData: FormData) {
  const raw = { identifier: formData.get("identifier") ?? "", password: formData.get("password") ?? "" };
  const parsed = loginFormSchema.safeParse(raw);
  if (parsed.success) return { ok: true as const, data: parsed.data };
  const errors: NonNullable<LoginFormState["errors"]> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as "identifier" | "password";
    errors[field] ??= issue.message;
  }
  // An overlong value is not echoed back into the page.
  const identifier =
    typeof raw.identifier === "string" && raw.identifier.length <= IDENTIFIER_MAX_LENGTH ? raw.identifier : "";
  return { ok: false as const, state: { errors, identifier } satisfies LoginFormState };
}
