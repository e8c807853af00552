// `subscription_details[start_date]` of a new subscription's preview: "Date a subscription is
// intended to start (can be future or past)" (create_preview reference). A past date backdates the
// subscription (as `backdate_start_date`); a future one previews the first invoice as the
// subscription created on that date would make it: the preview's create runs at that time, on the
// customer's clock when there is one.
import type { Ctx } from '../../http/context.ts';
import { testClockOf } from '../test-clocks/time.ts';

export interface PreviewStart {
  /** The context the new subscription is created in. */
  ctx: Ctx;
  /** `backdate_start_date` for a past start. */
  backdate?: number;
}

export async function previewStart(ctx: Ctx, customer: string, start: number | undefined): Promise<PreviewStart> {
  if (start === undefined || start === ctx.now) return { ctx };
  if (start < ctx.now) return { ctx, backdate: start };
  const clock = await testClockOf(ctx, customer);
  // The clock's own time is read through clockTime (test-clocks/time.ts): the start stands in for it.
  return { ctx: { ...ctx, now: start, clockTime: clock ? { testClock: clock, realNow: ctx.clockTime?.realNow ?? ctx.now } : undefined } };
}
