import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { deliverAllDue } from "./outbox";
import { configuredTransports } from "./transports";

function logFailure(what: string, error: unknown) {
  // Name and code only: a failed query's message carries its parameters, the message props included.
  const cause = (error as { cause?: { code?: string } }).cause;
  console.error(`Tunnus: ${what} after the response failed.`, (error as Error).name, cause?.code ?? "");
}

async function deliverDue() {
  const db = await getDb();
  await deliverAllDue(db, { transports: configuredTransports(db), budgetMs: 20_000 });
}

/**
 * Called by a server action after its flow committed messages: sends them once the response is
 * on its way, so the person never waits for (or learns from) a mail server. What fails here is
 * retried by the cron job.
 */
export function deliverAfterResponse(): void {
  after(async () => {
    try {
      await deliverDue();
    } catch (error) {
      logFailure("delivery (the cron job will retry)", error);
    }
  });
}

/**
 * The `defer` of a recovery flow: its account work runs after the response, then whatever it
 * queued is delivered. One `after` keeps the two in order.
 */
export function deferAfterResponse(work: () => Promise<void>): void {
  after(async () => {
    try {
      await work();
    } catch (error) {
      logFailure("a deferred recovery request", error);
      return;
    }
    try {
      await deliverDue();
    } catch (error) {
      logFailure("delivery (the cron job will retry)", error);
    }
  });
}
