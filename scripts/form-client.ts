/**
 * Posts a page's server-action form the way a browser without JavaScript does: GET the page,
 * take the form's hidden fields (Next's `$ACTION_…` inputs), add the visible ones, POST it as
 * multipart with the site's Origin. For benchmarks; the browser tests use Chromium.
 */
const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The hidden inputs of the first form on the page that has a field called `fieldName`. */
export function hiddenFieldsOfForm(html: string, fieldName: string): [string, string][] {
  const form = html.split("<form").find((chunk) => chunk.includes(`name="${fieldName}"`));
  if (!form) throw new Error(`no form with a field "${fieldName}"`);
  const body = form.slice(0, form.indexOf("</form>"));
  const fields: [string, string][] = [];
  for (const tag of body.match(/<input[^>]*type="hidden"[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name) fields.push([decode(name), decode(/value="([^"]*)"/.exec(tag)?.[1] ?? "")]);
  }
  return fields;
}

export async function postForm(
  origin: string,
  path: string,
  fields: Record<string, string>,
  opts: { headers?: Record<string, string> } = {},
) {
  const page = await fetch(`${origin}${path}`, { headers: opts.headers });
  const html = await page.text();
  const form = new FormData();
  for (const [name, value] of hiddenFieldsOfForm(html, Object.keys(fields)[0]!)) form.append(name, value);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Origin: origin, ...opts.headers },
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}
