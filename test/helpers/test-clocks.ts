// Advancing a test clock as Stripe's users do: the advance is answered `advancing` (with its
// target), then the clock is polled until it is `ready`.
import assert from 'node:assert/strict';
import type Stripe from 'stripe';

/** Polls the clock until its advance is over, as Stripe's documentation tells clients to. */
export async function clockReady(stripe: Stripe, id: string): Promise<Stripe.TestHelpers.TestClock> {
  for (let i = 0; i < 400; i++) {
    const clock = await stripe.testHelpers.testClocks.retrieve(id);
    if (clock.status === 'ready') return clock;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`test clock ${id} never became ready`);
}

export async function advanceClock(stripe: Stripe, id: string, to: number): Promise<Stripe.TestHelpers.TestClock> {
  const started = await stripe.testHelpers.testClocks.advance(id, { frozen_time: to });
  assert.equal(started.status, 'advancing');
  assert.equal(started.status_details.advancing?.target_frozen_time, to);
  return clockReady(stripe, id);
}
