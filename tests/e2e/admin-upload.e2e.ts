import { request as httpRequest } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_MAX_BYTES } from "@/lib/flows/admin/member-import";
import { importCount } from "./helpers/admin-db";
import { baseURL, launchChromium, newContext, signIn } from "./helpers/browser";

/** The register upload route over plain HTTP, as a script (or an attacker's page) would post it. */
let browser: Browser;
let cookie: string;
beforeAll(async () => {
  browser = await launchChromium();
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, "admin@123");
  cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await context.close();
});
afterAll(() => browser.close());

const BOUNDARY = "tunnus-e2e-boundary";
const multipart = (csv: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="http.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${BOUNDARY}--\r\n`,
  );

/** A POST to the upload route with this body (Content-Length from it). */
function post(headers: Record<string, string>, body: Buffer): Promise<{ status: number; location: string | null }> {
  const url = new URL("/admin/import/upload", baseURL());
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        cookie,
        "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
        "content-length": String(body.byteLength),
        ...headers,
      },
    });
    req.on("response", (res) => {
      resolve({ status: res.statusCode!, location: res.headers.location ?? null });
      res.resume();
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the upload route", () => {
  const csv = "username;name;email\nhttpupload;Http Upload;httpupload@example.com";

  // proxy.ts leaves this address alone, so the route answers from Content-Length while the body
  // is still on its way: only its first bytes are ever sent here.
  it("refuses a body over the limit before reading it, with a clear answer, and writes nothing", async () => {
    const before = await importCount();
    const answer = await new Promise<{ status: number; location: string | null; nosniff: string | undefined }>(
      (resolve, reject) => {
        const req = httpRequest(new URL("/admin/import/upload", baseURL()), {
          method: "POST",
          headers: {
            cookie,
            origin: baseURL(),
            "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
            "content-length": String(IMPORT_MAX_BYTES + 2 * 1024 * 1024),
          },
        });
        req.on("response", (res) => {
          resolve({
            status: res.statusCode!,
            location: res.headers.location ?? null,
            nosniff: res.headers["x-content-type-options"] as string | undefined,
          });
          res.resume();
          req.destroy();
        });
        req.on("error", (e) => (String(e).includes("socket hang up") ? undefined : reject(e)));
        req.write(multipart("username;email\n").subarray(0, 64));
      },
    );
    expect(answer).toEqual({ status: 303, location: "/admin/import?problem=tooLarge", nosniff: "nosniff" });
    expect(await importCount()).toBe(before);
  });

  it("refuses a foreign or missing Origin with 403 and writes nothing", async () => {
    const before = await importCount();
    expect((await post({ origin: "https://evil.example" }, multipart(csv))).status).toBe(403);
    expect((await post({ origin: "null" }, multipart(csv))).status).toBe(403);
    expect((await post({}, multipart(csv))).status).toBe(403);
    expect(await importCount()).toBe(before);
  });

  it("accepts the same request from its own origin (so the refusals above are the checks at work)", async () => {
    const before = await importCount();
    const answer = await post({ origin: baseURL() }, multipart(csv));
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^\/admin\/import\/[0-9a-f-]{36}$/);
    expect(await importCount()).toBe(before + 1);
  });
});
