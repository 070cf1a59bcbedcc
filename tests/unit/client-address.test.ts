import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, vercelClientAddress } from "@/lib/client-address";
import { installClientAddressHook } from "@/lib/client-address-hook";
import { requestContextFrom } from "@/lib/request/context";

describe("the client's address from the socket and X-Forwarded-For", () => {
  const socket = "10.0.0.2"; // the nearest proxy, or the client itself when there is none

  it("with no proxy (0 hops) is the socket's address, whatever the client wrote", () => {
    expect(clientAddress({ socketAddress: "203.0.113.5", forwardedFor: undefined, hops: 0 })).toBe("203.0.113.5");
    expect(clientAddress({ socketAddress: "203.0.113.5", forwardedFor: "198.51.100.1", hops: 0 })).toBe("203.0.113.5");
    expect(clientAddress({ socketAddress: "203.0.113.5", forwardedFor: "198.51.100.1, 198.51.100.2", hops: 0 })).toBe(
      "203.0.113.5",
    );
  });

  it("behind one proxy (nginx, Caddy) is the entry that proxy appended, not what the client sent before it", () => {
    expect(clientAddress({ socketAddress: socket, forwardedFor: "203.0.113.5", hops: 1 })).toBe("203.0.113.5");
    expect(clientAddress({ socketAddress: socket, forwardedFor: "6.6.6.6, 203.0.113.5", hops: 1 })).toBe("203.0.113.5");
    expect(clientAddress({ socketAddress: socket, forwardedFor: "6.6.6.6,7.7.7.7 ,203.0.113.5", hops: 1 })).toBe(
      "203.0.113.5",
    );
  });

  it("behind two (Cloudflare and nginx) is the second entry from the right", () => {
    expect(clientAddress({ socketAddress: socket, forwardedFor: "203.0.113.5, 172.64.0.9", hops: 2 })).toBe(
      "203.0.113.5",
    );
    expect(clientAddress({ socketAddress: socket, forwardedFor: "6.6.6.6, 203.0.113.5, 172.64.0.9", hops: 2 })).toBe(
      "203.0.113.5",
    );
  });

  it("takes the farthest entry a proxy wrote when the chain is shorter than the hops", () => {
    // Someone reached the inner proxy directly: the address it wrote is theirs.
    expect(clientAddress({ socketAddress: socket, forwardedFor: "203.0.113.5", hops: 2 })).toBe("203.0.113.5");
    expect(clientAddress({ socketAddress: socket, forwardedFor: undefined, hops: 1 })).toBe(socket);
    expect(clientAddress({ socketAddress: socket, forwardedFor: "", hops: 3 })).toBe(socket);
    expect(clientAddress({ socketAddress: socket, forwardedFor: " , ,", hops: 1 })).toBe(socket);
  });

  it("never takes junk: an entry that is not an address falls back to the nearest proxy's", () => {
    for (const junk of [
      "unknown",
      "_hidden",
      "<script>",
      "' OR 1=1 --",
      "1.2.3",
      "256.1.1.1",
      "01.2.3.4",
      "a".repeat(5000),
      "203.0.113.5\u0000",
    ]) {
      expect(clientAddress({ socketAddress: socket, forwardedFor: junk, hops: 1 })).toBe(socket);
      expect(clientAddress({ socketAddress: socket, forwardedFor: `${junk}, 172.64.0.9`, hops: 2 })).toBe("172.64.0.9");
    }
    expect(clientAddress({ socketAddress: undefined, forwardedFor: undefined, hops: 0 })).toBe("unknown");
    expect(clientAddress({ socketAddress: "junk", forwardedFor: "junk", hops: 1 })).toBe("unknown");
  });

  it("writes IPv6 one way, and an IPv4 address mapped into IPv6 as IPv4", () => {
    expect(clientAddress({ socketAddress: "2001:DB8:0:0::1", forwardedFor: undefined, hops: 0 })).toBe("2001:db8::1");
    expect(clientAddress({ socketAddress: "::ffff:203.0.113.5", forwardedFor: undefined, hops: 0 })).toBe(
      "203.0.113.5",
    );
    expect(clientAddress({ socketAddress: "::1", forwardedFor: "2001:db8::7", hops: 1 })).toBe("2001:db8::7");
    expect(clientAddress({ socketAddress: "::1", forwardedFor: "[2001:db8::7]:443", hops: 1 })).toBe("2001:db8::7");
    expect(clientAddress({ socketAddress: "::1", forwardedFor: "203.0.113.5:51234", hops: 1 })).toBe("203.0.113.5");
    expect(clientAddress({ socketAddress: "::1", forwardedFor: "fe80::1%eth0", hops: 1 })).toBe("fe80::1");
  });

  it("normalizes or refuses a single address", () => {
    expect(normalizeAddress(" 203.0.113.5 ")).toBe("203.0.113.5");
    expect(normalizeAddress("::FFFF:cb00:7105")).toBe("203.0.113.5");
    expect(normalizeAddress("[::1]")).toBe("::1");
    for (const bad of [undefined, null, "", "localhost", "[1.2.3.4", "2001:db8::1::2", "1.2.3.4:99999"])
      expect(normalizeAddress(bad)).toBeNull();
  });

  it("on Vercel is the platform's own header", () => {
    expect(
      vercelClientAddress(new Headers({ "x-vercel-forwarded-for": "203.0.113.5", "x-forwarded-for": "6.6.6.6" })),
    ).toBe("203.0.113.5");
    expect(vercelClientAddress(new Headers({ "x-real-ip": "2001:db8::5" }))).toBe("2001:db8::5");
    expect(vercelClientAddress(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBe("unknown");
  });
});

/** A real HTTP server whose handler reads the address the way every action and route does. */
async function serve(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    res.end(requestContextFrom(headers).ip);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the hook in front of Next's request handling", () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  const smuggled = {
    "x-forwarded-for": "6.6.6.6",
    "x-tunnus-client-ip": "7.7.7.7",
    "x-tunnus-client-proof": "guessed",
    "x-real-ip": "8.8.8.8",
  };

  it("before it is installed, a request has no address at all, never the one it claims", async () => {
    const { url, server } = await serve();
    servers.push(server);
    expect(await (await fetch(url, { headers: smuggled })).text()).toBe("unknown");
  });

  it("once installed (0 hops), every request carries its socket's address; a client's own headers change nothing", async () => {
    installClientAddressHook({ hops: 0 });
    const { url, server } = await serve();
    servers.push(server);
    expect(await (await fetch(url, { headers: smuggled })).text()).toBe("127.0.0.1");
    expect(await (await fetch(url)).text()).toBe("127.0.0.1");
  });
});
