import { inspect } from "node:util";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "@/lib/db/errors";
import { users } from "@/lib/db/schema";
import { seededTestDb } from "../helpers/db";

/**
 * A failed query leaves the database layer without its parameters: Next prints a server error
 * with its message and properties, and a query's parameters are session ids, hashes, links and
 * codes. Run on both drivers (CI runs tests/flows on Postgres too).
 */
const h = seededTestDb();

const SECRET = "s3cr3t-session-id-9c1d";
/** Everything a logger could print of an error: inspect() shows its stack, own properties and causes. */
const printed = (e: unknown) => `${String(e)}\n${inspect(e, { depth: 10, showHidden: true })}\n${JSON.stringify(e)}`;

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("the query did not fail");
}

describe("a failed query's error", () => {
  it("carries the SQL and the Postgres error code, not the parameter values (a bad uuid)", async () => {
    const e = await failure(() => h.db.select().from(users).where(eq(users.id, SECRET)));
    expect(printed(e)).not.toContain(SECRET);
    expect(e).toMatchObject({ name: "DatabaseQueryError", code: "22P02" });
    expect((e as Error).message).toContain('from "users"');
    expect((e as Error).message).toContain("$1");
  });

  it("keeps a unique violation recognisable, without the duplicated value Postgres quotes in its detail", async () => {
    const org = await h.organization("123");
    const e = await failure(() =>
      h.db.insert(users).values({ organizationId: org.id, username: "MAIJA", displayName: SECRET }),
    );
    expect(isUniqueViolation(e)).toBe(true);
    expect(e).toMatchObject({ code: "23505", constraint: "users_org_username_lower" });
    expect(printed(e)).not.toMatch(/maija|MAIJA/);
    expect(printed(e)).not.toContain(SECRET);
  });

  it("inside a transaction and from raw SQL alike, with no stack to print", async () => {
    const inTx = await failure(() =>
      h.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT ${SECRET}::uuid`);
      }),
    );
    const raw = await failure(() => h.db.execute(sql`SELECT 1 / ${0}, ${SECRET}`));
    for (const e of [inTx, raw]) {
      expect(printed(e)).not.toContain(SECRET);
      expect((e as Error).stack).not.toMatch(/\n\s+at /);
    }
    expect(raw).toMatchObject({ code: "22012" });
  });

  it("lets other errors thrown inside a transaction through as they are", async () => {
    const mine = new Error("the flow's own error");
    expect(await failure(() => h.db.transaction(async () => Promise.reject(mine)))).toBe(mine);
  });
});
