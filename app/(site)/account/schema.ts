import { z } from "zod";
import type { FormState } from "@/app/ui/form-state";
import { isUuid } from "@/lib/validation/uuid";

/**
 * "Peru pääsy": the service by its row id (`oidc_clients.id`), never its public client_id. A value
 * that is not a uuid is refused here, as the flow would refuse it: no such service.
 */
export const withdrawServiceSchema = z.object({
  clientRowId: z.string().refine(isUuid, "accountServices.errors.notFound"),
});

/** After "Peru pääsy": the withdrawn service's name, or why nothing was withdrawn (`errors.form`). */
export type WithdrawServiceState = FormState<"clientRowId"> & { withdrawn?: string };
