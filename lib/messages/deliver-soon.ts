import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { deliverAllDue } from "./outbox";
import { configuredTransports } from "./transports";

/**
 * Called by a server action after its flow committed messages: sends them once the response is
 * on its way, so the person never waits for (or learns from) a mail server. What fails here is
 * retried by the cron job.
 */
export function deliverAfterResponse(): void {
  after(async () => {
    try {
      const db = await getDb();
      await deliverAllDue(db, { transports: configuredTransports(db), budgetMs: 20_000 });
    } catch (error) {
      // Name and code only: a failed query's message carries its parameters, the message props included.
      const cause = (error as { cause?: { code?: string } }).cause;
      console.error("Tunnus: delivery after the response failed; the cron job will retry.", (error as Error).name, cause?.code ?? "");
    }
  });
}
