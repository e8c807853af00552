// Fault rules: which requests fail, and how. Pure: parsing, matching, counting.
// A rule made through /_invoicekit/faults belongs to the account that made it (parallel
// tests never see each other's); a rule given by --fault applies to every account.

export const FAULT_KINDS = ['rate_limit', 'api_error', 'unavailable', 'delay', 'drop'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  id: string;
  /** Null: any account (rules from the command line). */
  account: string | null;
  /** Upper-case method, or null for any. */
  method: string | null;
  /** As given: `/v1/customers`, `/v1/customers/*`, `*`. */
  path: string;
  fault: FaultKind;
  /** before: the request is not run; after: it runs (and commits), then its answer is replaced or lost. */
  when: 'before' | 'after';
  /** Faults still to inject; null: no limit. */
  remaining: number | null;
  probability: number;
  /** For `delay`. */
  delayMs: number;
  /** Injected so far. */
  fired: number;
  readonly pattern: RegExp;
}

export type RuleInput = Record<string, unknown>;

let counter = 0;

/** `*` matches any run of characters (slashes included); everything else is literal. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** A rule from its JSON form, or a message saying what is wrong with it. */
export function parseRule(input: RuleInput, account: string | null): FaultRule | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'a rule must be a JSON object';
  const known = new Set(['method', 'path', 'fault', 'when', 'count', 'probability', 'delay_ms']);
  for (const k of Object.keys(input)) if (!known.has(k)) return `unknown rule field: ${k} (known: ${[...known].join(', ')})`;
  const { method, path, fault, when, count, probability, delay_ms } = input;
  if (method !== undefined && (typeof method !== 'string' || !/^(\*|GET|POST|DELETE)$/i.test(method))) return 'method must be GET, POST, DELETE or *';
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/') && path !== '*')) return 'path must start with / (use * for any run of characters)';
  if (typeof fault !== 'string' || !(FAULT_KINDS as readonly string[]).includes(fault)) return `fault must be one of ${FAULT_KINDS.join(', ')}`;
  if (when !== undefined && when !== 'before' && when !== 'after') return 'when must be before or after';
  if (count !== undefined && count !== null && (!Number.isInteger(count) || (count as number) < 1)) return 'count must be a whole number from 1';
  if (probability !== undefined && (typeof probability !== 'number' || !(probability > 0 && probability <= 1))) return 'probability must be a number above 0, at most 1';
  if (delay_ms !== undefined && (!Number.isInteger(delay_ms) || (delay_ms as number) < 0 || (delay_ms as number) > 600_000)) return 'delay_ms must be a whole number of milliseconds up to 600000';
  if (fault === 'delay' && delay_ms === undefined) return 'a delay rule needs delay_ms';
  if (fault === 'delay' && when === 'after') return 'a delay happens before the request runs';
  const glob = (path as string | undefined) ?? '*';
  return {
    id: `fault_${++counter}`,
    account,
    method: method === undefined || method === '*' ? null : (method as string).toUpperCase(),
    path: glob,
    fault: fault as FaultKind,
    when: (when as 'before' | 'after' | undefined) ?? 'before',
    remaining: (count as number | undefined) ?? null,
    probability: (probability as number | undefined) ?? 1,
    delayMs: (delay_ms as number | undefined) ?? 0,
    fired: 0,
    pattern: globToRegExp(glob),
  };
}

/**
 * The command-line form, rules separated by `;`: `METHOD PATH FAULT [count=N] [probability=P]
 * [delay_ms=MS] [when=after]`, e.g. `POST /v1/customers api_error count=1 when=after`.
 */
export function parseRuleSpec(spec: string): RuleInput[] | string {
  const out: RuleInput[] = [];
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [method, path, fault, ...options] = part.split(/\s+/);
    if (!fault) return `a fault rule is METHOD PATH FAULT [count=N] [probability=P] [delay_ms=MS] [when=after], not "${part}"`;
    const rule: RuleInput = { method, path, fault };
    for (const o of options) {
      const [k, v] = o.split('=');
      if (v === undefined) return `fault rule option ${o} must be name=value`;
      rule[k] = k === 'when' ? v : Number(v);
    }
    out.push(rule);
  }
  return out;
}

/** The JSON form of a rule, as /_invoicekit/faults lists it. */
export function ruleJson(r: FaultRule): Record<string, unknown> {
  return {
    id: r.id,
    object: 'invoicekit.fault_rule',
    method: r.method ?? '*',
    path: r.path,
    fault: r.fault,
    when: r.when,
    count: r.remaining,
    probability: r.probability,
    delay_ms: r.delayMs,
    fired: r.fired,
    scope: r.account === null ? 'server' : 'account',
  };
}

/** The rules of one process; `pick` consumes a rule's count when it fires. */
export class FaultRules {
  #rules: FaultRule[] = [];

  get size(): number {
    return this.#rules.length;
  }

  add(rule: FaultRule): void {
    this.#rules.push(rule);
  }

  list(account: string): FaultRule[] {
    return this.#rules.filter((r) => r.account === null || r.account === account);
  }

  /** Removes the account's own rules (not the server's); returns how many. */
  clear(account: string): number {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.account !== account);
    return before - this.#rules.length;
  }

  /** The first rule that fires for this request, its count taken; null for most requests. */
  pick(account: string | null, method: string, path: string, random: () => number = Math.random): FaultRule | null {
    for (const r of this.#rules) {
      if (r.account !== null && r.account !== account) continue;
      if (r.method !== null && r.method !== method) continue;
      if (!r.pattern.test(path)) continue;
      if (r.probability < 1 && random() >= r.probability) continue;
      r.fired++;
      if (r.remaining !== null && --r.remaining === 0) this.#rules = this.#rules.filter((x) => x !== r);
      return r;
    }
    return null;
  }
}
