import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";

/**
 * The final submit: the link's secret (a hidden field) and the password twice. A password without
 * its repeat is refused before the flow; the flow decides the rest.
 */
export const activateSchema = z
  .object({ token: z.string(), password: z.string(), repeat: z.string() })
  .refine((data) => data.password === "" || data.repeat !== "", {
    path: ["repeat"],
    message: "activate.errors.repeatEmpty",
  });

/** Refused: the password's or the repeat's message (with the policy's numbers), or `form` for a dead link. */
export type ActivateState = FormState<"password" | "repeat">;

/** The e-mail or phone step on the page: the link, the channel, and the address or number. */
export const requestActivationCodeSchema = z.object({ token: z.string(), channel: z.string(), value: z.string() });

/** The code that confirms it. */
export const confirmActivationCodeSchema = z.object({ token: z.string(), channel: z.string(), code: z.string() });
