// Test clocks in the objects table: `status` is the clock's status (advancing clocks are found
// by it when a restart resumes their advance).
import { repository } from '../../store/repository.ts';
import type { TestClock } from './model.ts';

export const TYPE = 'test_helpers.test_clock';

export const testClocks = repository<TestClock>({ type: TYPE, columns: (c) => ({ status: c.status }) });
