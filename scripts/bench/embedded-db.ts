/**
 * The embedded database in its own process for the benchmark, so that PGlite's work does not
 * share an event loop with the load generator. Prints its URL as one JSON line; stops on SIGTERM.
 */
import { serveEmbeddedDatabase } from "@/lib/db/embedded-server";

const db = await serveEmbeddedDatabase({ seed: true });
console.log(JSON.stringify({ url: db.url }));
process.on("SIGTERM", () => void db.stop().then(() => process.exit(0)));
