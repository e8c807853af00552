// Webhook delivery: a background loop beside the API, never awaited by a request.
//
// Each tick: (1) fan-out (fanout.ts) turns new outbox events into delivery rows;
// (2) per endpoint, due rows are claimed: on PostgreSQL in one transaction with FOR UPDATE
// SKIP LOCKED, moving their next_attempt to the end of a lease so that no other process takes
// them; on SQLite (one process) by holding their ids in memory; (3) each claimed row's event is
// rendered at the endpoint's API version (or the event's), signed and POSTed, at most
// `concurrency` at a time per endpoint, paced while the API is busy (pacer.ts); (4) outcomes
// are written back: 2xx -> delivered, anything else -> the next retry of the schedule, or failed.
// Everything lives in the database: a stopped or crashed process leaves rows that the next
// one takes up (a graceful stop gives its claims back at once, a crash after the lease).
import type { Clock } from '../http/context.ts';
import { systemClock } from '../http/context.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { getObject } from '../store/objects.ts';
import { sql } from 'kysely';
import { ENDPOINT_TYPE, type StoredEndpoint } from './endpoints.ts';
import { fanOut } from './fanout.ts';
import { pendingWebhooks } from './pending.ts';
import { onEventsRecorded } from './record.ts';
import { onRequeue } from './delivery-log.ts';
import { startPacer } from './pacer.ts';
import { eventData, eventObject, renderCtx, versionOf, type EventRow } from './render-event.ts';
import { retryDelay } from './schedule.ts';
import { postJson, type SendOutcome } from './send.ts';
import { newSecret, signatureHeader } from './signing.ts';
import { FORWARD, FORWARD_SECRET, hooksDb, type HooksDb } from './tables.ts';
import { setMaxListeners } from 'node:events';
import { databaseFailure, describe } from '../store/failures.ts';
import { databaseLog } from '../store/failure-log.ts';
import type { DeliveryLine } from '../logging/format.ts';

/** `status = 'pending'` as a literal: SQLite uses a partial index only for a query that repeats its condition. */
const PENDING = sql<boolean>`status = 'pending'`;

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

export const USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

export interface DeliveryOptions {
  /** How often the loop looks for work when nothing wakes it (ms). */
  pollMs?: number;
  /** Least time between two ticks when woken (ms): batches events under load. */
  minGapMs?: number;
  /** Deliveries in flight per endpoint. */
  concurrency?: number;
  /** Rows claimed per endpoint at a time. */
  claimBatch?: number;
  /** Deliveries per second while the API is busy (see pacer.ts); Infinity: never paced. */
  busyRate?: number;
  /** How long stop() lets attempts under way finish before aborting them (ms). */
  stopGraceMs?: number;
  /** Told about failures of the loop itself (not of endpoints). */
  log?: (message: string) => void;
  /** Told about every attempt once its outcome is written (the server's log line per attempt). */
  onAttempt?: (attempt: DeliveryLine) => void;
  /** The base of invoice links in delivered invoices (see pages/public-base.ts). */
  publicUrl?: () => string | undefined;
}

export interface Deliverer {
  /** The --forward-to signing secret (stable for a database), or null without --forward-to. */
  readonly forwardSecret: string | null;
  /** Look for work now. */
  wake(): void;
  /** Resolves when every event is fanned out and nothing is due or in flight (for tests). */
  settled(): Promise<void>;
  /** Stops the loop; attempts still under way after a short grace are aborted, and their rows given back for the next start. */
  stop(): Promise<void>;
}

interface Target {
  url: string;
  secret: string;
  version: string | null;
}

interface Job {
  id: number;
  eventId: string;
  eventType: string;
  /** ms the attempt took (performance.now() difference), once sent. */
  durationMs: number;
  endpoint: string;
  lane: Lane;
  attempts: number;
  target: Target;
  body: string;
}

interface Lane {
  queue: Job[];
  inflight: number;
  /** Ids of this lane's rows queued or in flight (not yet written back). */
  held: Set<number>;
  /** Unix ms from when a claim may find rows (0: now; Infinity: only when told). */
  dueAt: number;
}

type Outcome = { job: Job; kind: 'sent'; result: SendOutcome } | { job: Job; kind: 'aborted' };

/** The --forward-to secret: made once per database and kept, so a restart signs alike. */
export async function forwardSecret(store: Store): Promise<string> {
  const db = hooksDb(store.db);
  const fresh = newSecret();
  await db.insertInto('webhook_state').values({ name: FORWARD_SECRET, value: fresh }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('webhook_state').select('value').where('name', '=', FORWARD_SECRET).executeTakeFirstOrThrow();
  return row.value;
}

export async function startDelivery(store: Store, config: Config, clock: Clock = systemClock, options: DeliveryOptions = {}): Promise<Deliverer> {
  const pollMs = options.pollMs ?? 200;
  const minGapMs = options.minGapMs ?? 10;
  const concurrency = options.concurrency ?? 8;
  const claimBatch = options.claimBatch ?? 64;
  const graceMs = options.stopGraceMs ?? 1000;
  const log = options.log ?? ((m: string) => console.error(m));
  const timeoutMs = config.webhookTimeout * 1000;
  // Sub-second retries (tests) need ms; a clock that only has seconds still drives event times.
  const nowMs = () => (clock === systemClock ? Date.now() : clock.now() * 1000);
  const secretForForward = config.forwardTo ? await forwardSecret(store) : null;
  const db = hooksDb(store.db);

  const lanes = new Map<string, Lane>();
  const outcomes: Outcome[] = [];
  const aborter = new AbortController();
  setMaxListeners(0, aborter.signal);
  /** Requests that recorded events since the pacer last looked. */
  let writes = 0;
  const busyRate = options.busyRate ?? 50;
  const pacer = Number.isFinite(busyRate)
    ? startPacer({
        busyRate,
        threshold: 0.5,
        minWrites: 20,
        windowMs: 100,
        writes: () => {
          const n = writes;
          writes = 0;
          return n;
        },
      })
    : null;
  const gaps = new Map<number, number>();
  /** Accounts whose events the last fan-out found without an enabled endpoint (see onEventsRecorded below). */
  const quiet = new Set<string>();
  /** Rendered bodies of this tick, by event, version and pending count. */
  const bodies = new Map<string, string>();
  let lastRefresh = 0;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let timerAt = Infinity;
  let lastTick = 0;
  let idleWaiters: (() => void)[] = [];
  let caughtUp = false;
  /** PostgreSQL rows claimed (leased) but never queued, whose lease is still to be lifted. */
  const unleased: number[] = [];
  /** While the database fails, ticks back off (ms; 0: it works): the loop pauses instead of spinning on errors. */
  let outageDelay = 0;

  const lane = (endpoint: string): Lane => {
    let l = lanes.get(endpoint);
    if (!l) lanes.set(endpoint, (l = { queue: [], inflight: 0, held: new Set(), dueAt: 0 }));
    return l;
  };

  function schedule(delay: number): void {
    if (stopped) return;
    const at = Date.now() + delay;
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = null;
      timerAt = Infinity;
      void runTick();
    }, delay);
    timer.unref?.();
  }

  function wake(): void {
    // While the API is busy, deliveries are paced anyway: fewer, larger ticks cost it less.
    const gap = pacer?.busy ? Math.max(minGapMs, 100) : minGapMs;
    schedule(Math.max(0, gap - (Date.now() - lastTick)));
  }

  async function runTick(): Promise<void> {
    if (running) {
      wake();
      return;
    }
    // During an outage only the backoff timer ticks: new events and outcomes wait for it.
    if (outageDelay > 0 && Date.now() - lastTick < outageDelay) {
      schedule(outageDelay - (Date.now() - lastTick));
      return;
    }
    lastTick = Date.now();
    running = tick()
      .then(() => {
        outageDelay = 0;
      })
      .catch((err: unknown) => {
        if (databaseFailure(err)) {
          // Paused until the database answers again; nothing is lost (outcomes wait in memory, rows in the database).
          databaseLog.failed(describe(err));
          outageDelay = Math.min(Math.max(outageDelay * 2, 250), 5_000);
          return;
        }
        log(`webhook delivery: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      })
      .finally(() => {
        running = null;
        schedule(outageDelay || pollMs);
      });
    await running;
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    bodies.clear();
    await flush();
    if (unleased.length > 0) {
      const ids = unleased.splice(0);
      try {
        await db.updateTable('webhook_deliveries').set({ next_attempt: nowMs() }).where('id', 'in', ids).where(PENDING).execute();
      } catch (err) {
        unleased.push(...ids);
        throw err;
      }
    }
    const now = nowMs();
    // While the API is busy, events are fanned out only about as fast as deliveries are paced: the
    // rest wait in the outbox (durable all the same), and their pending_webhooks count is computed.
    const batch = pacer?.busy ? Math.max(1, Math.ceil(busyRate / 10)) : 500;
    const fo = await fanOut(store, { forward: secretForForward !== null, batch, nowMs: now, gaps });
    for (const [account, hasEndpoints] of fo.accounts) if (hasEndpoints) quiet.delete(account);
    else quiet.add(account);
    for (const ep of fo.endpoints) lane(ep).dueAt = 0;
    if (fo.events === batch) wake();
    caughtUp = fo.events === 0;
    if (now - lastRefresh > 5_000) await refreshLanes(now);
    for (const [endpoint, l] of lanes) {
      if (stopped) return;
      if (l.dueAt > now || l.queue.length >= concurrency) continue;
      const want = claimBatch - l.queue.length;
      const jobs = await claim(endpoint, want, l, now);
      // A full claim may have left more due rows; otherwise only fan-out or a retry makes more.
      l.dueAt = jobs === want ? 0 : Infinity;
      if (jobs === 0 && l.inflight === 0 && l.queue.length === 0 && l.held.size === 0) lanes.delete(endpoint);
      pump(endpoint);
    }
    if (idleWaiters.length > 0) await checkSettled();
  }

  /** Lanes for rows this process did not fan out or schedule itself (other processes, a restart). */
  async function refreshLanes(now: number): Promise<void> {
    lastRefresh = now;
    const rows = await db
      .selectFrom('webhook_deliveries')
      .select(['endpoint', sql<number>`min(next_attempt)`.as('due')])
      .where(PENDING)
      .groupBy('endpoint')
      .execute();
    for (const r of rows) {
      const l = lanes.get(r.endpoint);
      if (l) l.dueAt = Math.min(l.dueAt, Number(r.due));
      else lanes.set(r.endpoint, { queue: [], inflight: 0, held: new Set(), dueAt: Number(r.due) });
    }
  }

  async function target(account: string, endpoint: string): Promise<Target | null> {
    if (endpoint === FORWARD) return config.forwardTo && secretForForward ? { url: config.forwardTo, secret: secretForForward, version: null } : null;
    const ep = await getObject<StoredEndpoint>(store.db, account, ENDPOINT_TYPE, endpoint);
    if (!ep || ep.status !== 'enabled') return null;
    return { url: ep.url, secret: ep.internal.secret, version: ep.api_version };
  }

  /**
   * Claims up to n due rows of one endpoint and queues their payloads; returns how many were claimed.
   * On PostgreSQL a claim is a lease written to the rows (next_attempt moves past the attempt), taken
   * with FOR UPDATE SKIP LOCKED so that processes never share a row. SQLite has one process: the rows
   * this process holds are skipped in memory, and a crash leaves them due at once for the next start.
   */
  async function claim(endpoint: string, n: number, l: Lane, now: number): Promise<number> {
    const held = l.held;
    const rows = await store.db.transaction().execute(async (trx) => {
      const t = hooksDb(trx);
      let q = t
        .selectFrom('webhook_deliveries')
        .select(['id', 'account', 'event_seq', 'attempts'])
        .where('endpoint', '=', endpoint)
        .where(PENDING)
        .where('next_attempt', '<=', now)
        .orderBy('next_attempt')
        .orderBy('id')
        .limit(n + (store.dialect === 'postgres' ? 0 : held.size));
      if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const got = (await q.execute()).filter((r) => !held.has(r.id)).slice(0, n);
      if (got.length > 0 && store.dialect === 'postgres') {
        const lease = now + timeoutMs * (Math.ceil((l.queue.length + n) / concurrency) + 1) + 5_000;
        await t
          .updateTable('webhook_deliveries')
          .set({ next_attempt: lease })
          .where('id', 'in', got.map((r) => r.id))
          .execute();
      }
      return got;
    });
    if (rows.length === 0) return 0;
    for (const r of rows) held.add(r.id);
    const queued = l.queue.length;
    try {
      await prepare(endpoint, rows, l, now);
    } catch (err) {
      // Not queued after all: give the rows back (they are tried again, at least once). On PostgreSQL
      // their lease is lifted too, now or, while the database is away, at the next tick that works.
      for (const job of l.queue.splice(queued)) held.delete(job.id);
      for (const r of rows) held.delete(r.id);
      if (store.dialect === 'postgres') unleased.push(...rows.map((r) => r.id));
      throw err;
    }
    return rows.length;
  }

  /** Renders and queues claimed rows, or cancels them when their endpoint or event is gone. */
  async function prepare(endpoint: string, rows: { id: number; account: string; event_seq: number; attempts: number }[], l: Lane, now: number): Promise<void> {
    const held = l.held;

    // The endpoint as it is now: deleted or disabled since -> no more attempts (as Stripe).
    const tgt = await target(rows[0].account, endpoint);
    if (!tgt) {
      await finish(rows.map((r) => r.id), { status: 'canceled' });
      for (const r of rows) held.delete(r.id);
      return;
    }
    const seqs = rows.map((r) => Number(r.event_seq));
    const events = new Map<number, EventRow>();
    for (const e of await store.db.selectFrom('events').selectAll().where('seq', 'in', seqs).execute()) events.set(Number(e.seq), { ...e, seq: Number(e.seq) });
    const pending = await pendingWebhooks(store.db, [...events.values()]);
    const missing: number[] = [];
    for (const r of rows) {
      const seq = Number(r.event_seq);
      const ev = events.get(seq);
      if (!ev) {
        missing.push(r.id);
        continue;
      }
      const version = versionOf(tgt.version ?? ev.api_version);
      // One rendering per event and version per tick, whichever endpoints it goes to.
      const cacheKey = `${seq}|${version}|${pending.get(seq) ?? 0}`;
      let body = bodies.get(cacheKey);
      if (body === undefined) {
        const ctx = renderCtx(store.db, ev.account, version, Math.floor(now / 1000), options.publicUrl?.());
        // An endpoint's own deliveries count in pending_webhooks, as on Stripe (the attempt is not a success yet).
        const event = eventObject(ev, version, await eventData(ev, version, ctx), pending.get(seq) ?? 0);
        // Pretty-printed with two spaces, as Stripe's webhook bodies are.
        body = JSON.stringify(event, null, 2);
        bodies.set(cacheKey, body);
      }
      l.queue.push({ id: r.id, eventId: ev.id, eventType: ev.type, durationMs: 0, endpoint, lane: l, attempts: r.attempts, target: tgt, body });
    }
    if (missing.length > 0) {
      await finish(missing, { status: 'canceled', error: 'event no longer exists' });
      for (const id of missing) held.delete(id);
    }
  }

  let paced: NodeJS.Timeout | null = null;
  function pumpLater(): void {
    if (paced || stopped) return;
    paced = setTimeout(() => {
      paced = null;
      for (const endpoint of lanes.keys()) pump(endpoint);
    }, pacer!.retryInMs());
  }

  function pump(endpoint: string): void {
    const l = lanes.get(endpoint);
    if (!l) return;
    while (!stopped && l.inflight < concurrency && l.queue.length > 0) {
      if (pacer && !pacer.take()) {
        pumpLater();
        return;
      }
      const job = l.queue.shift()!;
      l.inflight++;
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': USER_AGENT,
        'stripe-signature': signatureHeader(job.body, job.target.secret, clock.now()),
        'cache-control': 'no-cache',
        accept: '*/*; q=0.5, application/xml',
      };
      // Nothing is sent before it is durable: a delivered event must survive a crash.
      let started = 0;
      void store
        .durable()
        .then(
          () => {
            started = performance.now();
            return postJson(job.target.url, job.body, headers, timeoutMs, aborter.signal).then((result) => {
              job.durationMs = performance.now() - started;
              outcomes.push(aborter.signal.aborted && result.error === 'aborted' ? { job, kind: 'aborted' } : { job, kind: 'sent', result });
            });
          },
          // The commit it waited for failed (SQLite, disk full): nothing was sent, the row is given back (if it still exists).
          () => outcomes.push({ job, kind: 'aborted' }),
        )
        .catch((err: unknown) => outcomes.push({ job, kind: 'sent', result: { status: null, error: String(err) } }))
        .finally(() => {
          l.inflight--;
          if (!stopped) {
            pump(endpoint);
            wake();
          }
        });
    }
  }

  async function finish(ids: number[], set: { status: 'delivered' | 'canceled'; httpStatus?: number; error?: string }, on: HooksDb = db): Promise<void> {
    if (ids.length === 0) return;
    const now = Math.floor(nowMs() / 1000);
    await on
      .updateTable('webhook_deliveries')
      .set({
        status: set.status,
        last_status: set.httpStatus ?? null,
        last_error: set.error ?? null,
        updated: now,
        ...(set.status === 'delivered' ? { attempts: sql<number>`attempts + 1` } : {}),
      })
      .where('id', 'in', ids)
      .execute();
  }

  /** Writes the outcomes gathered since the last flush, in one transaction (one commit, joined to the API's on SQLite). */
  async function flush(): Promise<void> {
    if (outcomes.length === 0) return;
    const batch = outcomes.splice(0, outcomes.length);
    const now = nowMs();
    const delivered = new Map<number, number[]>();
    const aborted: number[] = [];
    const retries: { job: Job; next: number }[] = [];
    let requeued = false;
    try {
      await store.db.transaction().execute(async (trx) => {
        const t = hooksDb(trx);
        const attempts = batch.flatMap((o) =>
          o.kind === 'sent'
            ? [{ delivery: o.job.id, attempted_at: now, http_status: o.result.status, error: o.result.error, delivered: isSuccess(o.result.status) ? 1 : 0 }]
            : [],
        );
        if (attempts.length > 0) await t.insertInto('webhook_attempts').values(attempts).execute();
        for (const o of batch) {
          if (o.kind === 'aborted') {
            aborted.push(o.job.id);
            continue;
          }
          const { status, error } = o.result;
          if (status !== null && status >= 200 && status < 300) {
            if (!delivered.has(status)) delivered.set(status, []);
            delivered.get(status)!.push(o.job.id);
            continue;
          }
          const failures = o.job.attempts + 1;
          const delay = retryDelay(failures, config.webhookRetrySchedule);
          const next = delay === null ? now : now + delay * 1000;
          await t
            .updateTable('webhook_deliveries')
            .set({
              status: delay === null ? 'failed' : 'pending',
              attempts: failures,
              next_attempt: next,
              last_status: status,
              last_error: error ?? (status === null ? null : `HTTP ${status}`),
              updated: Math.floor(now / 1000),
            })
            .where('id', '=', o.job.id)
            .execute();
          if (delay !== null) retries.push({ job: o.job, next });
        }
        for (const [status, ids] of delivered) await finish(ids, { status: 'delivered', httpStatus: status }, t);
        if (aborted.length > 0) await t.updateTable('webhook_deliveries').set({ next_attempt: now }).where('id', 'in', aborted).execute();
      });
      // Only a durable write-back counts (SQLite group commit): otherwise the attempt would be made again.
      await store.durable();
      if (options.onAttempt) report(batch, retries);
    } catch (err) {
      // The database is away: the outcomes stay in memory, their rows held, and are written once it is back
      // (an attempt made is not made again, a delivery is not forgotten).
      if (databaseFailure(err)) {
        requeued = true;
        outcomes.unshift(...batch);
      }
      throw err;
    } finally {
      // Written back (or not, and then tried again: at least once): claims may see these rows again.
      if (!requeued) for (const o of batch) o.job.lane.held.delete(o.job.id);
    }
    for (const { job, next } of retries) {
      if (stopped) break;
      if (!lanes.has(job.endpoint)) lanes.set(job.endpoint, job.lane);
      job.lane.dueAt = Math.min(job.lane.dueAt, next);
      schedule(Math.max(0, next - now));
    }
  }

  /** One line per attempt whose outcome was just written. */
  function report(batch: Outcome[], retries: { job: Job; next: number }[]): void {
    const nextOf = new Map(retries.map((r) => [r.job.id, r.next]));
    for (const o of batch) {
      if (o.kind !== 'sent') continue;
      const { job } = o;
      options.onAttempt!({
        eventType: job.eventType,
        eventId: job.eventId,
        endpoint: job.endpoint,
        url: job.target.url,
        status: o.result.status,
        error: o.result.error ?? null,
        durationMs: job.durationMs,
        attempt: job.attempts + 1,
        nextRetryAt: nextOf.get(job.id) ?? null,
      });
    }
  }

  async function checkSettled(): Promise<void> {
    if (!caughtUp || outcomes.length > 0) return;
    for (const l of lanes.values()) if (l.inflight > 0 || l.queue.length > 0) return;
    const due = await db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where(PENDING)
      .where('next_attempt', '<=', nowMs())
      .limit(1)
      .executeTakeFirst();
    if (due) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  // New events of an account known to have no enabled endpoint need no tick of their own (one
  // costs a transaction and four statements): the poll moves the cursor past them. An endpoint
  // written here makes its account worth a tick again at once; one written by another process
  // on the same PostgreSQL is seen by the next poll's fan-out, and the endpoint takes only
  // events after its creation (after_seq) either way.
  const unsubscribe = onEventsRecorded(({ accounts, endpointsChanged }) => {
    writes++;
    for (const account of endpointsChanged) quiet.delete(account);
    let worth = secretForForward !== null || endpointsChanged.size > 0;
    for (const account of accounts) if (!quiet.has(account)) worth = true;
    if (worth) wake();
  });
  // A delivery resent from the dashboard may be on an endpoint with no lane here: look now.
  const unsubscribeRequeue = onRequeue(() => {
    lastRefresh = 0;
    wake();
  });
  wake();

  return {
    forwardSecret: secretForForward,
    wake,
    settled() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      unsubscribeRequeue();
      pacer?.stop();
      if (paced) clearTimeout(paced);
      if (timer) clearTimeout(timer);
      await running;
      // Attempts under way get a moment to finish (fewer deliveries repeated by the next start), then are aborted.
      const busy = () => [...lanes.values()].some((l) => l.inflight > 0);
      for (const end = Date.now() + graceMs; busy() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
      aborter.abort();
      for (let i = 0; i < 100 && busy(); i++) await new Promise((r) => setTimeout(r, 5));
      const unsent = [...lanes.values()].flatMap((l) => l.queue.splice(0).map((j) => j.id));
      await flush();
      if (unsent.length > 0) await db.updateTable('webhook_deliveries').set({ next_attempt: nowMs() }).where('id', 'in', unsent).execute();
      for (const w of idleWaiters.splice(0)) w();
    },
  };
}
