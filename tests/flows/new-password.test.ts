import { describe, expect, it } from "vitest";
import { checkNewPassword } from "@/lib/password/new-password";
import { BREACHED_PASSWORDS, sha1Hex } from "../helpers/breach-stand-in";
import { seededTestDb } from "../helpers/db";
import { breachStandInForFile } from "../helpers/breach-stand-in-hooks";
import { auditFor } from "../helpers/fixtures";
import { insertMember } from "../helpers/members";

const standIn = breachStandInForFile({ forTheApp: true });
const h = seededTestDb();

const BREACHED = BREACHED_PASSWORDS[0];

async function someone() {
  const m = await insertMember(h.db);
  const personal = {
    username: m.user.username,
    email: m.user.email,
    organizationName: m.organization.name,
    displayName: m.user.displayName,
  };
  const audit = {
    organizationId: m.organization.id,
    subjectUserId: m.user.id,
    ip: "198.51.100.30",
    userAgent: "vitest",
  };
  return {
    ...m,
    check: (password: string) =>
      checkNewPassword(h.db, password, { minLength: m.organization.minPasswordLength, personal, audit }),
  };
}

describe("checkNewPassword and the breach list", () => {
  it("refuses a breached password; asks the list only about one that passed every other rule", async () => {
    const m = await someone();
    expect(await m.check(BREACHED)).toEqual({ code: "breached" });
    expect(await m.check("sininen hetki kesäyön järvellä")).toBeNull();
    expect(standIn.requests).toHaveLength(2);
    standIn.requests.length = 0;
    expect(await m.check("lyhyt")).toEqual({ code: "tooShort", min: 15 });
    expect(await m.check("salasana12345678")).toEqual({ code: "common" });
    expect(await m.check(`${m.user.username} kesäyön järvellä`)).toEqual({ code: "containsUsername" });
    expect(standIn.requests).toHaveLength(0);
  });

  it("lets the password through when the list cannot be asked, and audits why, never the password", async () => {
    const m = await someone();
    standIn.setMode("unavailable");
    expect(await m.check(BREACHED)).toBeNull();
    standIn.setMode("reset");
    expect(await m.check(BREACHED)).toBeNull();
    const events = (await auditFor(h.db, "password.breach_check_failed")).filter((e) => e.subjectUserId === m.user.id);
    expect(events.map((e) => e.details)).toEqual([{ reason: "status 503" }, { reason: "network" }]);
    expect(events[0]).toMatchObject({ organizationId: m.organization.id, ip: "198.51.100.30", userAgent: "vitest" });
    const stored = JSON.stringify(events).toUpperCase();
    expect(stored).not.toContain(BREACHED.toUpperCase());
    expect(stored).not.toContain(sha1Hex(BREACHED).slice(0, 10));
  });

  it("gives up on an answer that does not come within 2 seconds", async () => {
    const m = await someone();
    standIn.setMode("hang");
    expect(await m.check(BREACHED)).toBeNull();
    const events = (await auditFor(h.db, "password.breach_check_failed")).filter((e) => e.subjectUserId === m.user.id);
    expect(events.map((e) => e.details)).toEqual([{ reason: "timeout" }]);
  });
});
