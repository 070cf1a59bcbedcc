import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * Passwords the stand-in reports as breached. Each passes every other rule (long, not guessable,
 * no one's own words), so a refusal of one of them can only come from the breach list.
 */
export const BREACHED_PASSWORDS = [
  "lumihiutale tanssii tuulessa",
  "kahvikuppi ja korvapuusti pöydällä",
  "Purjevene keinuu satamassa 1987",
] as const;

/** How the stand-in answers: as Have I Been Pwned does, with an error, by cutting the connection, or never. */
export type StandInMode = "ok" | "unavailable" | "reset" | "hang";

export type BreachStandIn = {
  url: string;
  /** Every request received: the path and headers, so a test can see what left the server. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  setMode: (mode: StandInMode) => void;
  stop: () => Promise<void>;
};

export const sha1Hex = (password: string) =>
  createHash("sha1").update(password.normalize("NFKC"), "utf8").digest("hex").toUpperCase();

/**
 * A local stand-in for the range API of Have I Been Pwned (`GET /range/<5 hex>`): answers the
 * suffixes of `breached` under their prefix with a count, and, when asked with `Add-Padding: true`,
 * padding lines with count 0 as the real service does, the suffixes of `paddedOnly` among them.
 */
export async function startBreachStandIn(
  opts: { breached?: readonly string[]; paddedOnly?: readonly string[] } = {},
): Promise<BreachStandIn> {
  const breached = (opts.breached ?? BREACHED_PASSWORDS).map(sha1Hex);
  const paddedOnly = (opts.paddedOnly ?? []).map(sha1Hex);
  const requests: BreachStandIn["requests"] = [];
  let mode: StandInMode = "ok";
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? "", headers: req.headers });
    if (mode === "hang") return;
    if (mode === "reset") return req.socket.destroy();
    if (mode === "unavailable") return res.writeHead(503, { "content-type": "text/plain" }).end("Service Unavailable");
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? "")?.[1];
    if (!prefix)
      return res.writeHead(400, { "content-type": "text/plain" }).end("The hash prefix was not in a valid format");
    const lines = breached.filter((h) => h.startsWith(prefix)).map((h) => `${h.slice(5)}:${1000 + h.charCodeAt(5)}`);
    if (req.headers["add-padding"] === "true") {
      lines.push(...paddedOnly.filter((h) => h.startsWith(prefix)).map((h) => `${h.slice(5)}:0`));
      for (let i = 0; i < 20; i++) lines.push(`${randomBytes(18).toString("hex").slice(0, 35).toUpperCase()}:0`);
    }
    res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\r\n"));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode: (m) => (mode = m),
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
