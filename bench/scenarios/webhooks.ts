// Webhooks: POST /v1/invoiceitems on an account without webhook endpoints, with 3 endpoints
// subscribed to every event (a local receiver answering at once), and with one endpoint
// that takes 2 s per reply. Each is a group of its own, so each runs against a fresh server
// and no delivery backlog of one scenario runs into the next. The receiver is a process of
// its own (bench/lib/webhook-receiver.ts). Ratios compare with the no-endpoint run.
//
//   BENCH_GROUPS=webhooks-none,webhooks-3,webhooks-slow npm run bench
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from '../lib/processes.ts';
import { api, auth, newKey, type Scenario, type ScenarioGroup } from '../lib/scenario.ts';

export const NO_ENDPOINTS = 'POST /v1/invoiceitems (no webhook endpoints)';

let receiver: Promise<{ url: string; child: ChildProcess }> | null = null;

/** The receiver process, started on first use and stopped when the bench exits. */
function startReceiver(): Promise<{ url: string; child: ChildProcess }> {
  receiver ??= new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/webhook-receiver.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    process.once('exit', () => child.kill('SIGTERM'));
    const timer = setTimeout(() => reject(new Error('webhook receiver did not start')), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        // Nothing more to read: the bench may exit with the receiver running (the exit hook ends it).
        lines.close();
        child.stdout!.destroy();
        child.unref();
        resolve({ url: m[1], child });
      }
    });
  });
  return receiver;
}

/** Deliveries the receiver has had so far (printed, to show delivery kept up or how far it lagged). */
async function received(): Promise<number> {
  const r = await startReceiver();
  return ((await (await fetch(r.url)).json()) as { received: number }).received;
}

/** `paths` are endpoint URLs relative to the receiver (none: no endpoints). */
function group(name: string, scenario: string, paths: string[]): ScenarioGroup {
  return {
    name,
    target: 'invoicekit',
    async prepare(base): Promise<Scenario[]> {
      const key = newKey();
      if (paths.length > 0) {
        const { url } = await startReceiver();
        for (const path of paths) await api(base, key, 'POST', '/v1/webhook_endpoints', `url=${encodeURIComponent(url + path)}&enabled_events[0]=*`);
        console.log(`  (${name}: the receiver has had ${await received()} deliveries before this run)`);
      }
      const customer = await api(base, key, 'POST', '/v1/customers', 'name=Bench+webhooks');
      return [
        {
          name: scenario,
          ceiling: scenario === NO_ENDPOINTS ? undefined : NO_ENDPOINTS,
          load: { method: 'POST', path: '/v1/invoiceitems', headers: auth(key), body: `customer=${customer.id}&amount=1000&currency=usd` },
        },
      ];
    },
  };
}

export const webhooksNone = group('webhooks-none', NO_ENDPOINTS, []);
export const webhooksThree = group('webhooks-3', 'POST /v1/invoiceitems (3 webhook endpoints)', ['/a', '/b', '/c']);
export const webhooksSlow = group('webhooks-slow', 'POST /v1/invoiceitems (1 endpoint, 2 s per reply)', ['/slow?delay=2000']);
export const webhookGroups = [webhooksNone, webhooksThree, webhooksSlow];
