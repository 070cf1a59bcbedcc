import type { NextApiRequest, NextApiResponse } from "next";
import { handleOidcRequest } from "@/lib/oidc/handler";

/**
 * The OpenID Provider (oidc-provider) needs Node's own request and response: a Pages Router API
 * route gives them, on Vercel too, next to the App Router. next.config.ts rewrites `/oidc/…`
 * and `/.well-known/openid-configuration` here.
 */
export default async function oidc(req: NextApiRequest, res: NextApiResponse) {
  await handleOidcRequest(req, res);
}

export const config = { api: { bodyParser: false, externalResolver: true } };
