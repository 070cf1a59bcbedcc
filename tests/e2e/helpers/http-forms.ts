import { hiddenFieldsOfForm } from "@/scripts/form-client";

/**
 * The sign-in form of `origin`'s /login posted over plain HTTP, as a browser without JavaScript
 * would, but with exactly the headers given: no Origin or Sec-Fetch-Site unless the caller adds them.
 */
export async function postSignIn(
  origin: string,
  identifier: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const html = await (
    await fetch(`${origin}/login`, { headers: { "x-forwarded-for": headers["x-forwarded-for"] ?? "198.51.100.200" } })
  ).text();
  const form = new FormData();
  for (const [name, value] of hiddenFieldsOfForm(html, "identifier")) form.append(name, value);
  form.append("identifier", identifier);
  form.append("password", password);
  return fetch(`${origin}/login`, { method: "POST", body: form, redirect: "manual", headers });
}

/** `name=value` of each cookie a response sets, for the next request's Cookie header. */
export const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
