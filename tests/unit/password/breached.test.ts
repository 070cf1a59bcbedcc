import { describe, expect, it } from "vitest";
import { breachCheckSettings, lookUpBreachedPassword } from "@/lib/password/breached";
import { readEnv } from "@/lib/env";
import { BREACHED_PASSWORDS, sha1Hex } from "../../helpers/breach-stand-in";
import { breachStandInForFile } from "../../helpers/breach-stand-in-hooks";

const PADDED_ONLY = "vain täytteenä listalla oleva lause";
const standIn = breachStandInForFile({ paddedOnly: [PADDED_ONLY] });

const lookUp = (password: string, timeoutMs?: number) =>
  lookUpBreachedPassword(password, { apiUrl: standIn.url, timeoutMs });

describe("the breach list (Have I Been Pwned's range API)", () => {
  it("finds a breached password and passes one that is not on the list", async () => {
    for (const password of BREACHED_PASSWORDS) expect(await lookUp(password)).toEqual({ ok: true, breached: true });
    expect(await lookUp("sininen hetki kesäyön järvellä")).toEqual({ ok: true, breached: false });
  });

  it("only the first 5 hex characters of the SHA-1 leave the server, with padding asked for", async () => {
    const password = BREACHED_PASSWORDS[0];
    await lookUp(password);
    const hash = sha1Hex(password);
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.path).toBe(`/range/${hash.slice(0, 5)}`);
    expect(request?.headers["add-padding"]).toBe("true");
    const sent = JSON.stringify(request).toUpperCase();
    expect(sent).not.toContain(hash.slice(5, 15));
    expect(sent).not.toContain(password.toUpperCase());
  });

  it("ignores padding lines (count 0), even one with the password's own suffix", async () => {
    expect(await lookUp(PADDED_ONLY)).toEqual({ ok: true, breached: false });
  });

  it("says why when it could not ask: an error status, a cut connection, no answer in time", async () => {
    standIn.setMode("unavailable");
    expect(await lookUp(BREACHED_PASSWORDS[0])).toEqual({ ok: false, reason: "status 503" });
    standIn.setMode("reset");
    expect(await lookUp(BREACHED_PASSWORDS[0])).toEqual({ ok: false, reason: "network" });
    standIn.setMode("hang");
    expect(await lookUp(BREACHED_PASSWORDS[0], 200)).toEqual({ ok: false, reason: "timeout" });
  });

  it("is on in production and off in development, tests and demo mode unless HIBP_ENABLED says otherwise", () => {
    const production = { NODE_ENV: "production" };
    expect(breachCheckSettings(readEnv(production))).toEqual({
      enabled: true,
      apiUrl: "https://api.pwnedpasswords.com",
    });
    expect(breachCheckSettings(readEnv({ ...production, TUNNUS_DEMO: "1" })).enabled).toBe(false);
    expect(breachCheckSettings(readEnv({ NODE_ENV: "development" })).enabled).toBe(false);
    expect(breachCheckSettings(readEnv({ NODE_ENV: "test" })).enabled).toBe(false);
    expect(breachCheckSettings(readEnv({ ...production, HIBP_ENABLED: "0" })).enabled).toBe(false);
    expect(breachCheckSettings(readEnv({ NODE_ENV: "test", HIBP_ENABLED: "1", HIBP_API_URL: standIn.url }))).toEqual({
      enabled: true,
      apiUrl: standIn.url,
    });
  });
});
