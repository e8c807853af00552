// A test clock, in the newest API shape (stripe@23 TestHelpers.TestClock).
export interface TestClock {
  id: string;
  object: 'test_helpers.test_clock';
  created: number;
  /** When Stripe deletes the clock by itself; shown, not acted on here (see README). */
  deletes_after: number;
  frozen_time: number;
  livemode: false;
  name: string | null;
  status: 'advancing' | 'internal_failure' | 'ready';
  status_details: { advancing?: { target_frozen_time: number } };
  [key: string]: unknown;
}
