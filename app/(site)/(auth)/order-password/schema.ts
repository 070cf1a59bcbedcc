import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";

/** The e-mail address, as text: the flow decides what is wrong with it. */
export const orderPasswordSchema = z.object({ email: z.string() });

/**
 * Refused: the message and what was typed. Answered: `answer`, and for "not found" the address
 * put back with `params` for its text (whom to contact, the organisation whose form this is).
 */
export type OrderPasswordState = FormState<"email"> & { answer?: "generic" | "sent" | "notFound" };
