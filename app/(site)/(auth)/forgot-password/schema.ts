import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import { IDENTIFIER_MAX } from "@/lib/validation/limits";

/** Step one: the name and the channel, as text; the flow decides what is wrong with them. */
export const requestResetCodeSchema = z.object({ identifier: z.string(), channel: z.string() });

/**
 * Step two: the code and the new password twice, for the name step one carried (a hidden field,
 * cut to the longest identifier). A new password without its repeat is refused before the flow;
 * the flow decides the rest.
 */
export const resetWithCodeSchema = z
  .object({
    identifier: z.string().transform((value) => value.slice(0, IDENTIFIER_MAX)),
    code: z.string(),
    password: z.string(),
    repeat: z.string(),
  })
  .refine((data) => data.password === "" || data.repeat !== "", {
    path: ["repeat"],
    message: "recovery.errors.repeatEmpty",
  });

/**
 * Step one's answer. Refused: the messages, and what was typed back in its fields. Sent:
 * `values.identifier` is the name the code went to (the code form shows), with `minLength`, the
 * shortest password its organisation accepts, for the hint.
 */
export type RequestResetCodeState = FormState<"identifier" | "channel"> & { minLength?: number };

/** Step two's answer: every refusal keeps the name in `values.identifier` (the code form stays) and `minLength`. */
export type ResetWithCodeState = FormState<"identifier" | "code" | "password" | "repeat"> & { minLength?: number };
