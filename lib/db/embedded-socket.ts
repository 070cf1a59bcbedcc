import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Serves one PGlite to many Postgres connections, so that `npm run dev` and a CLI command (`npm run
 * admin`, a seed, a bench) can use the one embedded database at the same time: PGlite keeps its data
 * directory to one process. PGlite has one session, so connections take turns, and a turn is a whole
 * unit of the protocol: everything up to Sync (or a simple Query), never single messages.
 * @electric-sql/pglite-socket 0.2 interleaves single messages: one connection's Bind then meets
 * another's unnamed statement ("bind message supplies 7 parameters, but prepared statement
 * requires 3"), or worse, runs with the other's parameters. While a connection is inside a
 * transaction, or waits after a Flush, only that connection is served.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FLUSH = 0x48; // 'H'
const TERMINATE = 0x58; // 'X'

type Connection = { socket: Socket; buffer: Buffer; batch: Buffer[]; started: boolean };
type Turn = { connection: Connection; data: Uint8Array; holdAfter: boolean };

export class EmbeddedPostgresServer {
  private server: Server | undefined;
  private readonly turns: Turn[] = [];
  private owner: Connection | null = null;
  private pumping = false;

  constructor(private readonly db: PGlite) {}

  async listen(port: number, host = "127.0.0.1"): Promise<void> {
    await this.db.waitReady;
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
  }

  private closed = false;

  async close(): Promise<void> {
    this.closed = true;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket) {
    socket.setNoDelay(true);
    const connection: Connection = { socket, buffer: Buffer.alloc(0), batch: [], started: false };
    socket.on("data", (chunk) => {
      connection.buffer = Buffer.concat([connection.buffer, chunk]);
      this.read(connection);
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => void this.drop(connection));
  }

  /** Splits the connection's bytes into messages and queues each finished unit as one turn. */
  private read(c: Connection) {
    for (;;) {
      if (!c.started) {
        if (c.buffer.length < 8) return;
        const length = c.buffer.readInt32BE(0);
        if (c.buffer.length < length) return;
        const code = c.buffer.readInt32BE(4);
        const message = c.buffer.subarray(0, length);
        c.buffer = c.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          c.socket.write("N"); // no encryption on a local socket; the client goes on in the clear
          continue;
        }
        if (code === CANCEL_REQUEST) {
          c.socket.end();
          return;
        }
        c.started = true;
        this.queue({ connection: c, data: new Uint8Array(message), holdAfter: false });
        continue;
      }
      if (c.buffer.length < 5) return;
      const length = 1 + c.buffer.readInt32BE(1);
      if (c.buffer.length < length) return;
      const type = c.buffer.readUInt8(0);
      c.batch.push(c.buffer.subarray(0, length));
      c.buffer = c.buffer.subarray(length);
      if (type === TERMINATE) {
        c.batch = [];
        c.socket.end();
        return;
      }
      if (type === SYNC || type === QUERY || type === FLUSH) {
        this.queue({ connection: c, data: new Uint8Array(Buffer.concat(c.batch)), holdAfter: type === FLUSH });
        c.batch = [];
      }
    }
  }

  private queue(turn: Turn) {
    this.turns.push(turn);
    void this.pump();
  }

  /** One turn at a time; while a connection holds the session, only its turns run. */
  private async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const index = this.owner ? this.turns.findIndex((t) => t.connection === this.owner) : 0;
        const [turn] = index < 0 ? [] : this.turns.splice(index, 1);
        if (!turn) return;
        const { socket } = turn.connection;
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(turn.data, {
            onRawData: (data: Uint8Array) => {
              if (socket.writable) socket.write(data);
            },
          }),
        );
        this.owner = turn.holdAfter || this.db.isInTransaction() ? turn.connection : null;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** A connection gone mid-transaction must not leave the session locked or the transaction open. */
  private async drop(c: Connection) {
    if (this.closed) return;
    for (let i = this.turns.length - 1; i >= 0; i--) if (this.turns[i]?.connection === c) this.turns.splice(i, 1);
    if (this.owner === c) {
      while (this.pumping) await new Promise((r) => setTimeout(r, 1));
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
      this.owner = null;
    }
    void this.pump();
  }
}
