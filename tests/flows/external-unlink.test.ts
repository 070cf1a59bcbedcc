import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "@/lib/db/schema";
import { linkExternalAccount, listExternalAccounts, unlinkExternalAccount } from "@/lib/flows/external/links";
import { seededTestDb } from "../helpers/db";
import { sessionTimes, must } from "../helpers/fixtures";
import { activeMember } from "../helpers/members";

const h = seededTestDb();

let n = 0;
const ctx = () => ({ now: new Date(), ip: `198.51.100.${(++n % 250) + 1}`, userAgent: "vitest" });
const ON = ["google", "oidc"];
type Member = Awaited<ReturnType<typeof activeMember>>;
const link = (m: Member, provider: string, id: string) =>
  linkExternalAccount(
    h.db,
    {
      userId: m.user.id,
      sessionId: m.sessionId,
      outside: { provider, providerAccountId: id, label: null },
      sessionTimes,
    },
    ctx(),
  );
const unlink = (m: Member, accountId: string, enabledProviders = ON) =>
  unlinkExternalAccount(h.db, { userId: m.user.id, accountId, enabledProviders }, ctx());
const linkId = async (m: Member, provider: string) =>
  must(
    (await listExternalAccounts(h.db, m.user.id)).find((a) => a.provider === provider),
    `a ${provider} link`,
  ).id;

describe("removing a link", () => {
  it("removes one's own link and audits it", async () => {
    const m = await activeMember(h.db);
    await link(m, "oidc", "sub-f");
    expect(await unlink(m, await linkId(m, "oidc"))).toEqual({ ok: true, provider: "oidc" });
    expect(await listExternalAccounts(h.db, m.user.id)).toEqual([]);
    const audits = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectUserId, m.user.id), eq(auditEvents.event, "external.unlinked")));
    expect(audits).toHaveLength(1);
  });

  it("refuses to remove the last way in of a person without a password, but not one of two", async () => {
    const m = await activeMember(h.db, { password: false });
    await link(m, "oidc", "sub-g");
    await link(m, "google", "google-g");
    expect((await unlink(m, await linkId(m, "oidc"))).ok).toBe(true);
    expect(await unlink(m, await linkId(m, "google"))).toEqual({ ok: false, reason: "lastWayIn" });
    expect(await listExternalAccounts(h.db, m.user.id)).toHaveLength(1);
  });

  it("does not count a link to a switched-off provider as a way in", async () => {
    const m = await activeMember(h.db, { password: false });
    await link(m, "oidc", "sub-off");
    await link(m, "facebook", "fb-off");
    // Facebook is off now: the OpenID Connect link is the only way in left.
    expect(await unlink(m, await linkId(m, "oidc"))).toEqual({ ok: false, reason: "lastWayIn" });
    // The switched-off one is no way in, so removing it takes none away.
    expect(await unlink(m, await linkId(m, "facebook"))).toEqual({ ok: true, provider: "facebook" });
    expect((await listExternalAccounts(h.db, m.user.id)).map((a) => a.provider)).toEqual(["oidc"]);
    // Every provider off: nothing is a way in, nothing blocks.
    expect(await unlink(m, await linkId(m, "oidc"), [])).toEqual({ ok: true, provider: "oidc" });
  });

  it("lets a person with a password remove every link", async () => {
    const m = await activeMember(h.db);
    await link(m, "oidc", "sub-pw");
    expect(await unlink(m, await linkId(m, "oidc"))).toEqual({ ok: true, provider: "oidc" });
  });

  it("cannot touch another person's link, nor take a malformed id", async () => {
    const owner = await activeMember(h.db);
    const other = await activeMember(h.db);
    await link(owner, "oidc", "sub-h");
    const id = await linkId(owner, "oidc");
    expect(await unlink(other, id)).toEqual({ ok: false, reason: "notFound" });
    expect(await unlink(owner, "1' OR '1'='1")).toEqual({ ok: false, reason: "notFound" });
    expect(await listExternalAccounts(h.db, owner.user.id)).toHaveLength(1);
  });
});
