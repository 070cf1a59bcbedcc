/**
 * Work a recovery form does only when an account matched (finding it, issuing a token, queueing
 * the message). Given `defer`, the flow answers first and hands that work over to run after the
 * response, so a known and an unknown account cost the asker the same time. Without it (tests,
 * the CLI) the work runs before the flow returns.
 */
export type Deferral = { defer?: (work: () => Promise<void>) => void };

export async function runOrDefer(ctx: Deferral, work: () => Promise<void>): Promise<void> {
  if (ctx.defer) ctx.defer(work);
  else await work();
}
