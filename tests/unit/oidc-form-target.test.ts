import { describe, expect, it } from "vitest";
import { formTargetQuery, verifiedFormTarget } from "@/lib/oidc/form-target";
import { publicPath } from "@/lib/oidc/handler";

const page = (path: string) => {
  const url = new URL(path, "http://tunnus.test");
  return verifiedFormTarget(url.pathname, url.searchParams);
};

describe("the signed form target of a service's sign-in pages", () => {
  it("names the service's origin for its own sign-in request only", () => {
    const query = formTargetQuery("https://jasenpalvelu.example/callback?x=1", "uid123");
    expect(page(`/authorize/uid123?${query}`)).toBe("https://jasenpalvelu.example");
    expect(page(`/login?callbackUrl=${encodeURIComponent("/oidc/interaction/uid123")}&${query}`)).toBe(
      "https://jasenpalvelu.example",
    );
    // Another request, another page, a forged origin: nothing.
    expect(page(`/authorize/other?${query}`)).toBeNull();
    expect(page(`/account?${query}`)).toBeNull();
    expect(page(`/authorize/uid123?${query.replace("jasenpalvelu", "evil")}`)).toBeNull();
    expect(page(`/authorize/uid123?rp=https%3A%2F%2Fevil.example&rps=AAAA`)).toBeNull();
    expect(page(`/authorize/uid123`)).toBeNull();
  });

  it("refuses what is no origin at all", () => {
    expect(formTargetQuery("not a url", "uid")).toBe("");
    expect(page(`/authorize/uid?rp=${encodeURIComponent("'unsafe-inline' *")}&rps=x`)).toBeNull();
  });
});

describe("the provider's public paths", () => {
  it("are the issuer's own, whatever the rewrite made of them", () => {
    expect(publicPath("/api/oidc/.well-known/openid-configuration")).toEqual({
      path: "/.well-known/openid-configuration",
      search: "",
    });
    expect(publicPath("/oidc/auth?client_id=a")).toEqual({ path: "/oidc/auth", search: "?client_id=a" });
    expect(publicPath("/api/oidc/auth").path).toBe("/oidc/auth");
  });
});
