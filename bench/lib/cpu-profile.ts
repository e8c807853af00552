// A V8 CPU profile (inspector Profiler.stop) boiled down to shares: by function and by file,
// self (the sample's own frame) and inclusive (anywhere on the sample's stack, once per sample).
import { fileURLToPath } from 'node:url';
import { ROOT } from './processes.ts';

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Share {
  name: string;
  self: number;
  inclusive: number;
}

export interface Summary {
  /** Microseconds the profile covers. */
  micros: number;
  /** Share of samples spent outside JavaScript waiting for work. */
  idle: number;
  functions: Share[];
  files: Share[];
  areas: Share[];
}

/** A file as the report names it: relative to the repository, node_modules by package, node's own as `node:`. */
export function fileName(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg}/${rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/')}`;
  }
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** The stage of the request a file belongs to: a package, node itself, or a folder of dist/. */
export function areaOf(file: string): string {
  if (file.startsWith('(')) return file;
  if (file === 'node:internal') return 'node (http, streams, timers)';
  const m = /^dist\/([^/]+)/.exec(file);
  if (m) return `dist/${m[1]}`;
  return file.split('/')[0].startsWith('@') ? file.split('/').slice(0, 2).join('/') : file.split('/')[0];
}

export function summarize(profile: CpuProfile): Summary {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fnKey = (id: number) => {
    const f = byId.get(id)!.callFrame;
    const file = fileName(f.url);
    return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };
  const fileKey = (id: number) => fileName(byId.get(id)!.callFrame.url);
  const self = { fn: new Map<string, number>(), file: new Map<string, number>(), area: new Map<string, number>() };
  const incl = { fn: new Map<string, number>(), file: new Map<string, number>(), area: new Map<string, number>() };
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const leaf = profile.samples[i];
    total += dt;
    if (byId.get(leaf)!.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    add(self.fn, fnKey(leaf), dt);
    add(self.file, fileKey(leaf), dt);
    add(self.area, areaOf(fileKey(leaf)), dt);
    const seen = { fn: new Set<string>(), file: new Set<string>(), area: new Set<string>() };
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      if (byId.get(id)!.callFrame.functionName === '(root)') break;
      const fk = fnKey(id);
      const file = fileKey(id);
      const area = areaOf(file);
      if (!seen.fn.has(fk)) (seen.fn.add(fk), add(incl.fn, fk, dt));
      if (!seen.file.has(file)) (seen.file.add(file), add(incl.file, file, dt));
      if (!seen.area.has(area)) (seen.area.add(area), add(incl.area, area, dt));
    }
  }
  const busy = total - idle || 1;
  const shares = (s: Map<string, number>, inc: Map<string, number>): Share[] =>
    [...new Set([...s.keys(), ...inc.keys()])]
      .map((name) => ({ name, self: (s.get(name) ?? 0) / busy, inclusive: (inc.get(name) ?? 0) / busy }))
      .sort((a, b) => b.self - a.self || b.inclusive - a.inclusive);
  return {
    micros: total,
    idle: total > 0 ? idle / total : 0,
    functions: shares(self.fn, incl.fn),
    files: shares(self.file, incl.file),
    areas: shares(self.area, incl.area),
  };
}
