import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/password/hash";
import type { Db } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";
import { seedDemoData } from "@/lib/db/seed";
import { signInWithPassword } from "@/lib/flows/sign-in/login";
import { testDbServer } from "../helpers/db";
import { sessionTimes, firstOf } from "../helpers/fixtures";

/**
 * Every statement is a round trip to the database, and a sign-in is on the hot path: count them
 * (postgres.js reports each one it sends, BEGIN and COMMIT included), on PGlite through the
 * embedded socket server or on the real Postgres.
 */
const server = testDbServer();
let sql: postgres.Sql;
let db: Db;
const sent: string[] = [];
beforeAll(async () => {
  sql = postgres(server.url, {
    prepare: false,
    max: 1,
    onnotice: () => {},
    debug: (_conn, query) => void sent.push(query),
  });
  db = drizzle(sql, { schema }) as unknown as Db;
  await seedDemoData(db);
  const org = await firstOf(
    db.select().from(schema.organizations).where(eq(schema.organizations.licence, "123")),
    "Demo Oy",
  );
  await db.insert(schema.users).values({
    organizationId: org.id,
    username: "laskettava",
    passwordHash: await hashPassword("laskettava salasana 1"),
    status: "active",
  });
});
afterAll(() => sql.end());

async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  sent.length = 0;
  await work();
  return [...sent];
}
const ctx = (ip: string) => ({
  now: new Date(),
  ip,
  userAgent: "vitest",
  sessionTimes,
  appOrigin: "https://tunnus.example",
});

describe("database round trips per sign-in", () => {
  it("a successful sign-in: the IP limit, the account, then session, counters and audit in one statement", async () => {
    const statements = await statementsOf(async () => {
      const result = await signInWithPassword(
        db,
        { identifier: "laskettava@123", password: "laskettava salasana 1" },
        ctx("203.0.113.60"),
      );
      expect(result.ok).toBe(true);
    });
    expect(statements, statements.join("\n---\n")).toHaveLength(3);
  });

  it("a wrong password: the IP limit, the account, then the failure count and its audit in one statement", async () => {
    const statements = await statementsOf(async () => {
      const result = await signInWithPassword(
        db,
        { identifier: "laskettava@123", password: "väärä salasana" },
        ctx("203.0.113.61"),
      );
      expect(result).toEqual({ ok: false, reason: "invalid" });
    });
    expect(statements, statements.join("\n---\n")).toHaveLength(3);
  });

  it("before answering, an unknown name and a wrong password send the same statements; the rest waits for the response", async () => {
    const answerOf = async (identifier: string, ip: string) => {
      const deferred: (() => Promise<unknown>)[] = [];
      const before = await statementsOf(() =>
        signInWithPassword(
          db,
          { identifier, password: "väärä salasana" },
          { ...ctx(ip), defer: (work) => void deferred.push(work) },
        ),
      );
      const after = await statementsOf(async () => {
        for (const work of deferred) await work();
      });
      return { before, after };
    };
    const wrong = await answerOf("laskettava@123", "203.0.113.62");
    const unknown = await answerOf("tuntematon@123", "203.0.113.63");
    expect(wrong.before).toHaveLength(2);
    expect(unknown.before).toEqual(wrong.before);
    expect([wrong.after.length, unknown.after.length]).toEqual([1, 1]);
  });
});
