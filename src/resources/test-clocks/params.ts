import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

/** `customer` (Stripe 2026-05-27.dahlia, additive: accepted at every version) attaches an existing customer. */
export const createTestClock = { frozen_time: s.timestamp({ required: true }), name: s.string({ max: 300 }), customer: s.id() };
export const advanceTestClock = { frozen_time: s.timestamp({ required: true }) };
export const listTestClocks = { ...listFields };

export type CreateTestClock = InferFields<typeof createTestClock>;
export type AdvanceTestClock = InferFields<typeof advanceTestClock>;
export type ListTestClocks = InferFields<typeof listTestClocks>;
