import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";

/** The e-mail address or phone number, as text: the flow decides what is wrong with it. */
export const forgotUsernameSchema = z.object({ contact: z.string() });

/** Refused: the message and what was typed; `sent`: the usernames went to the address or number. */
export type ForgotUsernameState = FormState<"contact"> & { sent?: boolean };
