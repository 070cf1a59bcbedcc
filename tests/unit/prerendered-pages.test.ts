import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspectPrerenderedHtml, isPrerenderedAddress, prerenderedPageFor } from "@/lib/prerendered-pages";

const sha = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
const page = (providers = "") =>
  `<!DOCTYPE html><html lang="fi"><head><script src="/_next/static/chunks/a.js" async=""></script></head><body>` +
  `<script id="_R_">self.__next_r="x"</script><form>${providers}<input type="hidden" name="callbackUrl" value="/account"/></form>` +
  `<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"a<\\/b"])</script>` +
  `<script>(self.__next_f=self.__next_f||[]).push([0])</script></body></html>`;

/** A stand-in for `next build`'s output folder with the prerendered /login in fi, sv and en. */
function distDir(html: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "tunnus-dist-"));
  for (const locale of ["fi", "sv", "en"]) {
    mkdirSync(path.join(dir, "server", "app", locale), { recursive: true });
    writeFileSync(path.join(dir, "server", "app", locale, "login.html"), html);
  }
  return dir;
}

const anonymous: {
  method: string;
  pathname: string;
  search: string;
  hasSession: boolean;
  acceptLanguage: string | null;
} = { method: "GET", pathname: "/login", search: "", hasSession: false, acceptLanguage: null };

describe("inspectPrerenderedHtml", () => {
  it("hashes every inline script once, and no script file", () => {
    const { scriptHashes } = inspectPrerenderedHtml(page());
    expect(scriptHashes).toEqual([
      sha('self.__next_r="x"'),
      sha("(self.__next_f=self.__next_f||[]).push([0])"),
      sha('self.__next_f.push([1,"a<\\/b"])'),
    ]);
  });
  it("reads the sign-in buttons the build rendered, names unescaped", () => {
    const buttons =
      '<input type="hidden" name="provider" value="google" data-provider-name="Google"/>' +
      '<input type="hidden" name="provider" value="oidc" data-provider-name="Liitto &amp; Co"/>';
    expect(inspectPrerenderedHtml(page(buttons)).providers).toEqual(["google:Google", "oidc:Liitto & Co"]);
  });
});

describe("prerenderedPageFor", () => {
  const dir = distDir(page());
  const pick = (req: Partial<typeof anonymous> & { localeCookie?: string }, providers: string[] = []) =>
    prerenderedPageFor({ ...anonymous, ...req }, { providers, distDir: dir });

  it("serves the bare /login to a visitor without a session, in the cookie's language, else the browser's, else Finnish", () => {
    expect(pick({})?.rewriteTo).toBe("/fi/login");
    expect(pick({ acceptLanguage: "sv-SE,sv;q=0.9,en;q=0.5" })?.rewriteTo).toBe("/sv/login");
    expect(pick({ acceptLanguage: "sv", localeCookie: "en" })?.rewriteTo).toBe("/en/login");
    expect(pick({ localeCookie: "de" })?.rewriteTo).toBe("/fi/login");
    expect(pick({ method: "POST" })?.scriptHashes).toHaveLength(3);
  });
  it("leaves to the per-request page: a query, a session cookie, other methods and addresses", () => {
    expect(pick({ search: "?callbackUrl=%2Fadmin" })).toBeNull();
    expect(pick({ hasSession: true })).toBeNull();
    expect(pick({ method: "HEAD" })?.rewriteTo).toBe("/fi/login");
    expect(pick({ method: "PUT" })).toBeNull();
    expect(pick({ method: "OPTIONS" })).toBeNull();
    expect(pick({ pathname: "/forgot-password" })).toBeNull();
  });
  it("leaves to the per-request page when the build's sign-in buttons differ from this configuration", () => {
    expect(pick({}, ["google:Google"])).toBeNull();
    const withGoogle = distDir(
      page('<input type="hidden" name="provider" value="google" data-provider-name="Google"/>'),
    );
    expect(prerenderedPageFor(anonymous, { providers: ["google:Google"], distDir: withGoogle })?.rewriteTo).toBe(
      "/fi/login",
    );
    expect(prerenderedPageFor(anonymous, { providers: [], distDir: withGoogle })).toBeNull();
  });
  it("leaves to the per-request page when there is no build (development)", () => {
    expect(prerenderedPageFor(anonymous, { providers: [], distDir: path.join(dir, "missing") })).toBeNull();
  });
  it("knows the prerendered pages' own addresses", () => {
    expect(["/fi/login", "/sv/login", "/en/login"].every(isPrerenderedAddress)).toBe(true);
    expect(isPrerenderedAddress("/login")).toBe(false);
    expect(isPrerenderedAddress("/de/login")).toBe(false);
  });
});
