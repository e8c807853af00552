import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

export const createTestClock = { frozen_time: s.timestamp({ required: true }), name: s.string({ max: 300 }) };
export const advanceTestClock = { frozen_time: s.timestamp({ required: true }) };
export const listTestClocks = { ...listFields };

export type CreateTestClock = InferFields<typeof createTestClock>;
export type AdvanceTestClock = InferFields<typeof advanceTestClock>;
export type ListTestClocks = InferFields<typeof listTestClocks>;
