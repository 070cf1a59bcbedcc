/**
 * What every flow step is given besides the database and its input: the request it runs for.
 * Server actions and route handlers build it (lib/request/scope.ts); tests and scripts write it
 * out. A step that needs only some of it takes `Pick<FlowContext, …>`.
 */
export type FlowContext = {
  /** The request's clock: every timestamp the step writes, and every expiry it checks. */
  now: Date;
  /** The client's address (lib/request/context.ts), for limits and the audit trail. */
  ip: string;
  userAgent: string | null;
  /** Where the links in a message point (APP_ORIGIN); the steps that always send links require it. */
  appOrigin?: string;
  /**
   * Given, a step answers first and hands the work that depends on the account (finding it,
   * issuing a token, queueing the message) over to run after the response (the server action:
   * Next's `after()`), so a known and an unknown account cost the asker the same time. Without
   * it (tests, the CLI) that work runs before the step returns.
   */
  defer?: (work: () => Promise<void>) => void;
};

/** A refusal: one failure field, `reason`, and whatever detail that reason carries. */
export type Failure<Reason extends string, Detail extends object = object> = { ok: false; reason: Reason } & Detail;

/** A success, with whatever it carries. */
export type Ok<T extends object = object> = { ok: true } & T;

/**
 * What a flow step answers: `{ ok: true, …T }`, or a `Failure` that says why not. A step whose
 * failures carry different details answers `Ok<T> | Failure<…> | Failure<…, { detail }>`.
 */
export type FlowResult<T extends object, Reason extends string> = Ok<T> | Failure<Reason>;
