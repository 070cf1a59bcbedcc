import { beforeAll, describe, expect, it } from "vitest";
import { generateUsers } from "@/lib/db/generate-users";
import { organizations } from "@/lib/db/schema";
import { PAGE_SIZE, searchUsers } from "@/lib/flows/admin/user-search";
import { seededTestDb } from "../helpers/db";
import { firstOf } from "../helpers/fixtures";

/** Search and paging on 100 000 generated members of one organisation (see generateUsers). */
const N = 100_000;
const h = seededTestDb();
let scope: { organizationId: string; actorUserId: null };
beforeAll(async () => {
  const org = await firstOf(
    h.db.insert(organizations).values({ licence: "900", name: "Iso liitto" }).returning(),
    "the new organisation",
  );
  await generateUsers(h.db, org.id, N);
  await h.db.execute("ANALYZE users");
  scope = { organizationId: org.id, actorUserId: null };
}, 180_000);

describe("the user list at 100 000 people", () => {
  it("counts everyone, and pages through in order without gaps or repeats", async () => {
    const first = await searchUsers(h.db, scope, { sort: "created", dir: "desc" });
    expect(first.total).toBe(N);
    expect(first.pages).toBe(N / PAGE_SIZE);
    expect(first.rows.map((r) => r.username)).toEqual(Array.from({ length: PAGE_SIZE }, (_, i) => `user${i + 1}`));
    const second = await searchUsers(h.db, scope, { sort: "created", dir: "desc", page: "2" });
    expect(second.rows[0]?.username).toBe(`user${PAGE_SIZE + 1}`);
    const last = await searchUsers(h.db, scope, { sort: "created", dir: "desc", page: String(N / PAGE_SIZE) });
    expect(last.rows.at(-1)?.username).toBe(`user${N}`);
    const beyond = await searchUsers(h.db, scope, { sort: "created", page: String(N) });
    expect(beyond.rows).toEqual([]);
  });

  it("finds by any part of the name, the username, the e-mail or the phone as people type it", async () => {
    expect((await searchUsers(h.db, scope, { q: "user12345" })).rows.map((r) => r.username)).toEqual(["user12345"]);
    expect((await searchUsers(h.db, scope, { q: "user54321@example" })).rows.map((r) => r.username)).toEqual([
      "user54321",
    ]);
    expect((await searchUsers(h.db, scope, { q: "040 007 7777" })).rows.map((r) => r.username)).toEqual(["user77777"]);
    expect((await searchUsers(h.db, scope, { q: "+358400077777" })).rows.map((r) => r.username)).toEqual(["user77777"]);
    // "Hämäläinen 4444": i % 9 = 4 (Hämäläinen) and the name ends with the index.
    const byName = await searchUsers(h.db, scope, { q: "HÄMÄLÄINEN 4444" });
    expect(byName.rows.every((r) => r.displayName.includes("Hämäläinen 4444"))).toBe(true);
    expect(byName.total).toBe(byName.rows.length);
    expect(byName.rows.length).toBeGreaterThan(0);
    // LIKE's wildcards are text, not patterns.
    expect((await searchUsers(h.db, scope, { q: "%" })).total).toBe(0);
    expect((await searchUsers(h.db, scope, { q: "user_1" })).total).toBe(0);
  });

  it("filters by status and sorts by name; hostile and overlong queries are plain text", async () => {
    const disabled = await searchUsers(h.db, scope, { status: "disabled" });
    expect(disabled.total).toBe(N / 100);
    const locked = await searchUsers(h.db, scope, { status: "locked" });
    expect(locked.total).toBe(N / 50 - N / 100);
    const invited = await searchUsers(h.db, scope, { status: "invited", sort: "name" });
    expect(invited.total).toBe(N / 10 - N / 50);
    const names = invited.rows.map((r) => r.displayName.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const q of ["' OR 1=1 --", "<script>alert(1)</script>", "x".repeat(10_000)]) {
      const result = await searchUsers(h.db, scope, {
        q,
        status: "nonsense",
        sort: "password_hash",
        dir: "sideways",
        page: "-3",
      });
      expect(result.total).toBe(0);
      expect(result.query).toMatchObject({ status: null, sort: "name", dir: "asc", page: 1 });
    }
    // Control characters are dropped: what is left is an empty query, which lists everyone.
    expect((await searchUsers(h.db, scope, { q: "\u0000\u0007" })).query.q).toBe("");
    const other = await h.organization("123");
    expect((await searchUsers(h.db, { organizationId: other.id, actorUserId: null }, { q: "user1" })).total).toBe(0);
  });

  it("sorts by username, status and last sign-in, both ways, across page boundaries", async () => {
    const names = async (input: Parameters<typeof searchUsers>[2]) =>
      (await searchUsers(h.db, scope, input)).rows.map((r) => r.username!);
    const ordered = (xs: string[], dir: 1 | -1) => xs.every((x, i) => i === 0 || x > xs[i - 1]! === (dir === 1));
    // Usernames as text: user1, user10, user100, … and from the other end user99999.
    const byId = await names({ sort: "identifier" });
    expect(byId.slice(0, 4)).toEqual(["user1", "user10", "user100", "user1000"]);
    expect(ordered(byId, 1)).toBe(true);
    const byIdDesc = await names({ sort: "identifier", dir: "desc" });
    expect(byIdDesc.slice(0, 3)).toEqual(["user99999", "user99998", "user99997"]);
    expect(ordered(byIdDesc, -1)).toBe(true);
    expect((await names({ sort: "identifier", page: 2 }))[0]! > byId.at(-1)!).toBe(true);

    // Status in its life-cycle order: invited, active, locked, disabled (8000 invited = 160 pages).
    const statuses = async (page: number, dir = "asc") =>
      (await searchUsers(h.db, scope, { sort: "status", dir, page })).rows.map((r) => r.status);
    expect(new Set(await statuses(1))).toEqual(new Set(["invited"]));
    expect((await statuses(160)).at(-1)).toBe("invited");
    expect((await statuses(161))[0]).toBe("active");
    expect(new Set(await statuses(1, "desc"))).toEqual(new Set(["disabled"]));
    expect(new Set(await statuses(N / PAGE_SIZE))).toEqual(new Set(["disabled"]));

    // Last sign-in: newest first with the never-signed-in last; oldest first starts with them.
    const newest = await names({ sort: "lastLogin", dir: "desc" });
    const signedIn = Array.from({ length: 60 }, (_, i) => i + 1)
      .filter((i) => i % 10 !== 0)
      .slice(0, PAGE_SIZE);
    expect(newest).toEqual(signedIn.map((i) => `user${i}`));
    const oldest = await searchUsers(h.db, scope, { sort: "lastLogin" });
    expect(oldest.rows.every((r) => r.lastLoginAt === null)).toBe(true);
    // 10 000 never signed in (every 10th): page 201 begins with the oldest sign-in.
    const afterNever = await searchUsers(h.db, scope, { sort: "lastLogin", page: N / 10 / PAGE_SIZE + 1 });
    expect(afterNever.rows[0]?.username).toBe("user99999");
    expect(afterNever.rows.every((r, i) => i === 0 || r.lastLoginAt! >= afterNever.rows[i - 1]!.lastLoginAt!)).toBe(
      true,
    );
    const lastPage = await searchUsers(h.db, scope, { sort: "lastLogin", dir: "desc", page: N / PAGE_SIZE });
    expect(lastPage.rows.every((r) => r.lastLoginAt === null)).toBe(true);
  });
});
