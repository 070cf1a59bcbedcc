import { recordAudit } from "@/lib/audit";
import { formatIdentifier } from "@/lib/identity/identifiers";
import { RECOVERY_CODE_FAILURE_CAP } from "@/lib/tokens/code-check";
import type { Account } from "@/lib/db/accounts";
import type { Db } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { commonProps } from "@/lib/messages/common-props";
import { enqueue } from "@/lib/messages/outbox";
import { orderFormServes } from "@/lib/flows/password/reset-by-link";
import type { FlowContext } from "@/lib/flows/context";

/**
 * The wrong code that reached the cap: the member is told once, at the verified address, that
 * recovery by code is paused and how to get back in; the pause is audited.
 */
export async function noticeCodeRecoveryPaused(
  db: Db,
  { user, organization }: Account,
  ctx: FlowContext,
): Promise<void> {
  const to = user.email && user.emailVerifiedAt ? user.email : null;
  // The way back in it names must be one that works for this account.
  const orderUrl = (await orderFormServes(db, organization)) ? `${ctx.appOrigin ?? appOrigin()}/order-password` : null;
  await db.transaction(async (tx) => {
    if (to) {
      await enqueue(
        tx,
        {
          channel: "email",
          to,
          template: "CodeRecoveryPausedEmail",
          organizationId: organization.id,
          userId: user.id,
          props: {
            ...commonProps(organization, user),
            username: formatIdentifier(user, organization),
            count: RECOVERY_CODE_FAILURE_CAP,
            orderUrl,
          },
        },
        ctx.now,
      );
    }
    await recordAudit(tx, {
      event: "password.code_recovery_paused",
      organizationId: organization.id,
      subjectUserId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { failures: RECOVERY_CODE_FAILURE_CAP, notified: Boolean(to) },
    });
  });
}
