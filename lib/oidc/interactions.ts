import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { recordAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/client";
import { LOCALE_COOKIE, localeFromAcceptLanguage } from "@/lib/i18n/config";
import { isLanguage, type Language } from "@/lib/i18n/languages";
import { messageTranslator } from "@/lib/i18n/translate";
import { formTargetQuery } from "./form-target";
import { htmlDocument, pagePolicy } from "./pages";
import { isFirstParty, organizationOfClient } from "./provider";
import type { TunnusSession } from "./session-binding";
import { OIDC_PATH } from "./scopes";

/**
 * The interaction step of a service's sign-in request (`/oidc/interaction/<uid>`): who is signing
 * in, and whether they agree. There is no sign-in form here: a person without a Tunnus session
 * goes to `/login` and comes back; a signed-in one passes straight through; a third-party
 * service's first request shows the consent page (`/authorize/<uid>`).
 */

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;
type Context = {
  provider: Provider;
  db: Db;
  req: IncomingMessage;
  res: ServerResponse;
  tunnus: TunnusSession | null;
  appOrigin: string;
  now: Date;
};

const INTERACTION = /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(confirm|abort))?$/;
const FORM_LIMIT = 4096;

export const interactionPath = (uid: string) => `${OIDC_PATH}/interaction/${uid}`;

function redirect(res: ServerResponse, location: string) {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.setHeader("Content-Length", "0");
  res.end();
}

function sendPage(res: ServerResponse, status: number, html: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Security-Policy", pagePolicy());
  res.end(html);
}

function languageOf(req: IncomingMessage, details?: Details): Language {
  const asked = details?.params.ui_locales;
  if (typeof asked === "string") {
    for (const tag of asked.split(" ")) {
      const lang = tag.split("-")[0]?.toLowerCase();
      if (lang && isLanguage(lang)) return lang;
    }
  }
  const cookie = (req.headers.cookie ?? "").match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([a-z]{2})`))?.[1];
  if (cookie && isLanguage(cookie)) return cookie;
  return localeFromAcceptLanguage(req.headers["accept-language"]) ?? "fi";
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Grants what the request asks and the person has not granted yet; returns the grant's id. */
async function grantRequested(provider: Provider, details: Details): Promise<string> {
  const { prompt, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session!.accountId, clientId: params.client_id as string });
  if (!grant) throw new Error("the interaction's grant is gone");
  const missing = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  return grant.save();
}

/** The sign-in the request asks for: any current one, or one made after the request (`prompt=login`, `max_age`). */
function signInFits(details: Details, tunnus: TunnusSession): boolean {
  const reasons = details.prompt.reasons ?? [];
  const onlyMissing = reasons.every((r) => r === "no_session");
  if (onlyMissing) return true;
  // A fresh sign-in: made after the service's request arrived (a second of clock slack).
  return tunnus.signedInAt.getTime() >= (details.iat ?? 0) * 1000 - 1000;
}

async function audit(ctx: Context, event: string, details: Record<string, unknown>) {
  await recordAudit(ctx.db, {
    event,
    organizationId: ctx.tunnus?.organizationId ?? null,
    subjectUserId: ctx.tunnus?.userId ?? null,
    ip: null,
    userAgent: (ctx.req.headers["user-agent"] ?? "").slice(0, 512) || null,
    details,
  });
}

async function finish(ctx: Context, result: Record<string, unknown>) {
  await ctx.provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
}

/** True when the path was an interaction path (answered here), false for the provider's own. */
export async function handleInteraction(ctx: Context, path: string): Promise<boolean> {
  const match = INTERACTION.exec(path);
  if (!match) return false;
  const [, uid, step] = match;
  const { req, res, provider, tunnus } = ctx;

  let details: Details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    details = undefined as never;
  }
  const language = languageOf(req, details);
  const t = messageTranslator(language);
  if (!details || details.uid !== uid) {
    sendPage(res, 400, htmlDocument(language, t("oidc.expiredTitle"), [t("oidc.expiredBody")]));
    return true;
  }
  const client = await provider.Client.find(String(details.params.client_id));
  const service = client?.clientName ?? String(details.params.client_id);
  const here = interactionPath(uid!);
  const formTarget = formTargetQuery(String(details.params.redirect_uri ?? ""), uid!);
  const loginUrl = (fresh: boolean) =>
    `/login?${fresh ? "prompt=login&" : ""}callbackUrl=${encodeURIComponent(here)}&${formTarget}`;

  if (step === "abort") {
    await audit(ctx, "oidc.refused", { route: "interaction", error: "access_denied", clientId: client?.clientId });
    await finish(ctx, { error: "access_denied", error_description: "the person went back to the service" });
    return true;
  }

  if (!tunnus) {
    // The service may ask for a language; the sign-in page follows it.
    const asked = typeof details.params.ui_locales === "string" ? languageOf(req, details) : null;
    if (asked) res.setHeader("Set-Cookie", `${LOCALE_COOKIE}=${asked}; Path=/; SameSite=Lax; Max-Age=31536000`);
    redirect(res, loginUrl(false));
    return true;
  }

  if (organizationOfClient(client) !== tunnus.organizationId) {
    sendPage(
      res,
      200,
      htmlDocument(
        language,
        t("oidc.wrongOrganizationTitle", { service }),
        [t("oidc.wrongOrganizationBody", { service })],
        [
          { href: loginUrl(true), text: t("oidc.signInAnother"), primary: true },
          { href: `${here}/abort`, text: t("oidc.backToService") },
        ],
      ),
    );
    return true;
  }

  if (details.prompt.name === "login") {
    if (!signInFits(details, tunnus)) {
      redirect(res, loginUrl(true));
      return true;
    }
    await finish(ctx, {
      login: {
        accountId: tunnus.subject,
        ts: Math.floor(tunnus.signedInAt.getTime() / 1000),
        amr: [tunnus.method === "password" ? "pwd" : "fed"],
      },
    });
    return true;
  }

  if (details.prompt.name !== "consent" || details.session?.accountId !== tunnus.subject) {
    sendPage(res, 400, htmlDocument(language, t("oidc.expiredTitle"), [t("oidc.expiredBody")]));
    return true;
  }

  const firstParty = isFirstParty(client);
  if (step === "confirm") {
    const origin = req.headers.origin;
    const form = req.method === "POST" && origin === ctx.appOrigin ? await readForm(req) : null;
    if (!form) {
      sendPage(res, 400, htmlDocument(language, t("oidc.expiredTitle"), [t("oidc.expiredBody")]));
      return true;
    }
    if (form.get("decision") !== "allow") {
      await audit(ctx, "oidc.refused", { route: "consent", error: "access_denied", clientId: client?.clientId });
      await finish(ctx, { error: "access_denied", error_description: "the person did not allow it" });
      return true;
    }
  } else if (!firstParty) {
    redirect(res, `/authorize/${uid}?${formTarget}`);
    return true;
  }

  const grantId = await grantRequested(provider, details);
  await audit(ctx, "oidc.grant", {
    clientId: client?.clientId,
    scope: (details.prompt.details as { missingOIDCScope?: string[] }).missingOIDCScope ?? [],
    firstParty,
  });
  await finish(ctx, { consent: { grantId } });
  return true;
}
