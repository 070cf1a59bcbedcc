import { afterAll, beforeAll, beforeEach } from "vitest";
import { type BreachStandIn, startBreachStandIn, type StandInMode } from "./breach-stand-in";

/**
 * A breach-list stand-in for this test file: started before its tests (in the order of the file's
 * hooks, like `seededTestDb()`), stopped after them, and before each test answering normally with
 * no requests recorded. With `forTheApp`, the app's breach check is turned on and pointed at it
 * (HIBP_ENABLED, HIBP_API_URL): lib/env.ts reads them once per process, so call this before
 * anything in the file reads the environment. Use it only inside hooks and tests.
 */
export function breachStandInForFile(
  opts: Parameters<typeof startBreachStandIn>[0] & { forTheApp?: boolean } = {},
): Omit<BreachStandIn, "stop"> {
  let standIn: BreachStandIn | undefined;
  const current = () => {
    if (!standIn) throw new Error("the breach stand-in starts in the file's beforeAll: use it in a hook or a test");
    return standIn;
  };
  beforeAll(async () => {
    standIn = await startBreachStandIn(opts);
    if (opts.forTheApp) {
      process.env.HIBP_ENABLED = "1";
      process.env.HIBP_API_URL = standIn.url;
    }
  });
  afterAll(() => standIn?.stop());
  beforeEach(() => {
    current().setMode("ok");
    current().requests.length = 0;
  });
  return {
    get url() {
      return current().url;
    },
    get requests() {
      return current().requests;
    },
    setMode: (mode: StandInMode) => current().setMode(mode),
  };
}
