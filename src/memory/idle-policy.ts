// When an idle process should give memory back (idle-release.ts does it): pure, so it is tested alone.

/** What the process looked like over one interval. */
export interface IdleSample {
  /** Resident memory at its end, bytes. */
  rss: number;
  /** Event-loop utilization over it, 0 to 1 (performance.eventLoopUtilization). */
  busy: number;
}

export interface IdlePolicy {
  /** Idle intervals in a row before a release. */
  quietIntervals: number;
  /** Bytes the process must have grown by since the last release for another to be worth it. */
  growth: number;
  /** An interval whose event loop was busy less than this fraction of it counts as idle. */
  idleBelow: number;
}

/**
 * Ten quiet seconds: a release costs the next burst its first second or two (V8 grows the young
 * generation back), so a server between the requests of a test suite keeps its memory, and one
 * nobody is using gives it back.
 */
export const IDLE_POLICY: IdlePolicy = { quietIntervals: 10, growth: 8 * 2 ** 20, idleBelow: 0.05 };

export interface IdleState {
  /** Resident size after the last release; 0 before the first, so that start-up's own garbage goes too. */
  baseline: number;
  /** Idle intervals in a row so far. */
  quiet: number;
}

export const INITIAL_IDLE_STATE: IdleState = { baseline: 0, quiet: 0 };

/**
 * The state after one more interval, and whether to release now: after `quietIntervals` idle
 * intervals in a row, once the process has grown by `growth` since the last release. Growth,
 * not a fixed size: a server that stays small, or a trickle of requests, costs no collections.
 */
export function afterInterval(state: IdleState, sample: IdleSample, policy: IdlePolicy = IDLE_POLICY): { state: IdleState; release: boolean } {
  const quiet = sample.busy < policy.idleBelow ? state.quiet + 1 : 0;
  const release = quiet >= policy.quietIntervals && sample.rss - state.baseline >= policy.growth;
  return { state: { baseline: state.baseline, quiet: release ? 0 : quiet }, release };
}
