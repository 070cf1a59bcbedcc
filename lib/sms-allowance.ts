import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { consumeOnClock, ratePolicies } from "@/lib/rate-limit";

/**
 * What an SMS may cost. Each one costs money, so SMS go only to the countries the operator
 * accepts (SMS_ALLOWED_COUNTRIES) and at most a few a day are queued for one account, whatever
 * asked for them.
 */

/** The accepted countries (ISO 3166 codes), in the operator's order. */
export const smsCountries = (): string[] => env().SMS_ALLOWED_COUNTRIES;

/** How many SMS one account may be sent in 24 hours. */
export const smsPerAccountPerDay = () => ratePolicies.smsPerAccountPerDay().points;

/** Whether an E.164 number belongs to an accepted country. */
export function smsCountryAllowed(e164: string): boolean {
  try {
    const country = parsePhoneNumberWithError(e164).country;
    return Boolean(country && smsCountries().includes(country));
  } catch {
    return false;
  }
}

/** Thrown inside the transaction that queued an SMS the account has no allowance left for: rolls it back. */
export class SmsAllowanceSpent extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("The account's SMS for the day are spent.");
    this.name = "SmsAllowanceSpent";
  }
}

/**
 * Spends one of the account's SMS for the day, in the transaction that queues it (on the flow's
 * clock). With none left it throws `SmsAllowanceSpent`, so that transaction, the spent point and
 * the queued message included, is undone.
 */
export async function spendSmsAllowance(tx: Db, userId: string, now: Date): Promise<void> {
  const decision = await consumeOnClock(tx, "smsPerAccountPerDay", userId, now);
  if (!decision.allowed) throw new SmsAllowanceSpent(decision.retryAfterSeconds);
}
