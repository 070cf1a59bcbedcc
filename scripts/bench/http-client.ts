/**
 * The load generator's HTTP client: node:http over a keep-alive pool, with a hand-built multipart
 * body. It shares the machine with the server under test, so it should cost as little as it can;
 * `fetch` (undici) spends a few times more CPU per request than this.
 */
import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { gunzipSync } from "node:zlib";

export type Response = { status: number; headers: IncomingHttpHeaders; body: string };

export function httpClient(origin: string, maxSockets: number) {
  // Idle sockets close before the server's 5 s keep-alive timeout, so none is reused as it closes.
  const agent = new Agent({ keepAlive: true, maxSockets, timeout: 4000 });
  const { hostname, port } = new URL(origin);

  function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Response> {
    return new Promise((resolve, reject) => {
      // Like a browser, it takes gzip: compressing is part of the server's work.
      const all = { "accept-encoding": "gzip", ...headers, ...(body ? { "content-length": String(body.length) } : {}) };
      const req = request({ agent, hostname, port, method, path, headers: all }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  return {
    get: (path: string, headers: Record<string, string> = {}) => send("GET", path, headers),
    /** A form post as a browser sends it: multipart/form-data, fields in order. */
    postForm(path: string, fields: [string, string][], headers: Record<string, string> = {}) {
      const boundary = `----tunnusbench${Math.random().toString(16).slice(2)}`;
      const parts = fields.map(
        ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
      const body = Buffer.from(`${parts.join("")}--${boundary}--\r\n`, "utf8");
      return send("POST", path, { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` }, body);
    },
    /** A back-channel call (the token endpoint): application/x-www-form-urlencoded. */
    postUrlEncoded(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
      const body = Buffer.from(new URLSearchParams(fields).toString(), "utf8");
      return send("POST", path, { ...headers, "content-type": "application/x-www-form-urlencoded" }, body);
    },
    close: () => agent.destroy(),
  };
}
