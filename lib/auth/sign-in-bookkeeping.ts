import { after } from "next/server";
import { appOrigin } from "@/lib/env";
import type { FailureBookkeeping } from "@/lib/flows/sign-in/login-failures";
import { deliverAfterResponse } from "@/lib/messages/deliver-soon";

/**
 * The `defer` of a password sign-in (the form's action and Auth.js's credentials callback): a
 * refusal's bookkeeping runs once the answer is on its way, so an unknown name and a wrong
 * password answer after the same work. A notice it queued is then sent at once (an `after` inside
 * this one); the cron job retries what fails.
 */
export function afterSignInResponse(work: () => Promise<FailureBookkeeping>): void {
  after(async () => {
    try {
      const { noticeQueued } = await work();
      if (noticeQueued) deliverAfterResponse();
    } catch (error) {
      // Name and code only: a failed query's message carries its parameters.
      const cause = (error as { cause?: { code?: string } }).cause;
      console.error("Tunnus: the bookkeeping of a refused sign-in failed.", (error as Error).name, cause?.code ?? "");
    }
  });
}

/** The public address for a notice's links, or null where none is configured (demo mode only). */
export function noticeOrigin(): string | null {
  try {
    return appOrigin();
  } catch {
    return null;
  }
}
