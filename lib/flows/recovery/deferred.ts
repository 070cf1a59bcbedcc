import type { FlowContext } from "@/lib/flows/context";

/**
 * Work a recovery form does only when an account matched (finding it, issuing a token, queueing
 * the message): after the response given `ctx.defer` (see `FlowContext`), else before returning.
 */
export async function runOrDefer(ctx: Pick<FlowContext, "defer">, work: () => Promise<void>): Promise<void> {
  if (ctx.defer) ctx.defer(work);
  else await work();
}
