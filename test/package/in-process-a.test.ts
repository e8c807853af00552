// One of two files that run at the same time with the same key (see in-process-suite.ts).
import { inProcessSuite } from './in-process-suite.ts';

inProcessSuite('file a');
