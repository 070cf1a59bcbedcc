import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ExternalSignIn } from "@/app/(site)/(auth)/login/external-sign-in";
import { enabledExternalProviders } from "@/lib/auth/external-config";
import { readEnv } from "@/lib/env";

// The server action and the translations are Next's business; the section's shape is ours.
vi.mock("@/app/(site)/(auth)/login/actions", () => ({ signInWithProviderAction: async () => undefined }));
vi.mock("next-intl/server", () => ({
  getTranslations: async () => (key: string, values?: Record<string, string>) =>
    values ? `${key}:${Object.values(values).join(",")}` : key,
}));

/** What /login passes the section: the configured providers' ids and names. */
const buttonsFor = (source: Record<string, string>) =>
  enabledExternalProviders(readEnv(source)).map(({ id, name }) => ({ id, name }));

describe("the login page's external sign-in section", () => {
  it("is absent when no provider is configured", async () => {
    expect(buttonsFor({})).toEqual([]);
    expect(await ExternalSignIn({ providers: buttonsFor({}), callbackUrl: "/account" })).toBeNull();
  });

  it("has one button per configured provider and none for the others", async () => {
    const providers = buttonsFor({
      AUTH_OIDC_ISSUER: "https://id.example.org",
      AUTH_OIDC_ID: "o",
      AUTH_OIDC_SECRET: "s",
      AUTH_OIDC_NAME: "Liiton tunnistus",
    });
    const html = renderToStaticMarkup((await ExternalSignIn({ providers, callbackUrl: "/account" }))!);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain("button:Liiton tunnistus");
    expect(html).toContain('name="provider" value="oidc"');
    expect(html).not.toMatch(/Google|Microsoft|Facebook|"twitter"/);
  });
});
