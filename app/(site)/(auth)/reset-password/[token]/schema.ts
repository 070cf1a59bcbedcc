import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";

/** The link's secret (a hidden field) and the new password, as text: the flow decides the rest. */
export const resetPasswordSchema = z.object({ token: z.string(), password: z.string() });

/** Refused: the password's message with its numbers, or `form` when the link is no longer valid. */
export type ResetPasswordState = FormState<"password">;
