import { randomBytes, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, Server as HttpServer } from "node:http";
import { Server as HttpsServer } from "node:https";
import { clientAddress } from "./client-address";

/**
 * Under `next start` (and `next dev`) nothing in Next hands the app the socket's address: Next
 * only fills X-Forwarded-For from it when the client sent none, so a client names its own
 * address. This hook sees every request before Next does and writes two headers Tunnus alone
 * sets, overwriting whatever a client sent under those names: the client's address derived from
 * the socket and TRUSTED_PROXY_HOPS, and a random per-process proof that the hook wrote it.
 * A request that reached Next without the proof (one that arrived while the server was still
 * starting, before `register()` installed the hook) has no known address: "unknown", never a
 * header of the client's choosing.
 */
const CLIENT_IP_HEADER = "x-tunnus-client-ip";
const CLIENT_PROOF_HEADER = "x-tunnus-client-proof";

const STATE = Symbol.for("tunnus.client-address-hook");
type HookState = { proof: string; hops: number };
// The instrumentation hook and the app's routes are separate bundles in one process: the
// state lives on globalThis so both see the same one.
const holder = globalThis as typeof globalThis & { [STATE]?: HookState };

function stamp(req: IncomingMessage, state: HookState): void {
  const forwarded = req.headers["x-forwarded-for"];
  req.headers[CLIENT_IP_HEADER] = clientAddress({
    socketAddress: req.socket?.remoteAddress,
    forwardedFor: Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    hops: state.hops,
  });
  req.headers[CLIENT_PROOF_HEADER] = state.proof;
}

/** Once per process (a second call only changes the hops); both HTTP and HTTPS servers. */
export function installClientAddressHook({ hops }: { hops: number }): void {
  const existing = holder[STATE];
  if (existing) {
    existing.hops = hops;
    return;
  }
  const state: HookState = { proof: randomBytes(18).toString("base64url"), hops };
  for (const proto of [HttpServer.prototype, HttpsServer.prototype] as {
    emit: (event: string | symbol, ...args: unknown[]) => boolean;
  }[]) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") stamp(args[0] as IncomingMessage, state);
      return emit.call(this, event, ...args);
    };
  }
  holder[STATE] = state;
}

/** The address the hook wrote on this request, or null when the hook did not write it. */
export function stampedClientAddress(headers: Headers): string | null {
  const state = holder[STATE];
  const proof = headers.get(CLIENT_PROOF_HEADER);
  if (!state || !proof) return null;
  const [given, expected] = [Buffer.from(proof), Buffer.from(state.proof)];
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return headers.get(CLIENT_IP_HEADER);
}
