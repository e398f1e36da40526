// Where a server's CPU went, from a V8 .cpuprofile (node --cpu-prof): every sample is
// charged to the deepest frame on its stack that belongs to a package (node_modules/<name>)
// or to our own code (apps/api/<folder>, libs/<lib>/<folder>), so Node's internals (header
// writing, streams, crypto) count for whoever called them; plus the share of the samples
// whose stack passes through each function named with --fn (inclusive time).
//   node scripts/cpu-profile-areas.mjs <file.cpuprofile> [--top 25] [--fn canonicalJson --fn sha256Hex …]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    last: { type: 'string' },
    leaves: { type: 'string' },
    fn: { type: 'string', multiple: true, default: [] },
  },
});
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

function areaOf(url) {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return `node_modules/${modules[1]}`;
  const app = /\/(?:dist|\.ab\/[^/]+)\/apps\/api\/src\/([^/]+)/.exec(url);
  if (app) return `apps/api/${app[1].replace(/\.js$/, '')}`;
  const lib = /\/(?:dist|\.ab\/[^/]+)\/libs\/([^/]+)\/src\/([^/]+)/.exec(url);
  if (lib) return `libs/${lib[1]}/${lib[2].replace(/\.js$/, '')}`;
  return null;
}

const charged = new Map();
const inclusive = new Map(values.fn.map((name) => [name, 0]));
const leaves = new Map();
let total = 0;
let busy = 0;
// --last S: only the profile's last S seconds (the load, not the start-up before it).
const allTime = profile.timeDeltas.reduce((sum, dt) => sum + dt, 0);
const from = values.last === undefined ? 0 : allTime - Number(values.last) * 1e6;
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  at += dt;
  if (at < from) continue;
  total += dt;
  const leaf = byId.get(profile.samples[i]);
  const leafName = leaf.callFrame.functionName;
  if (leafName === '(idle)' || leafName === '(program)' || leafName === '(garbage collector)') {
    charged.set(leafName, (charged.get(leafName) ?? 0) + dt);
    if (leafName !== '(idle)') busy += dt;
    continue;
  }
  busy += dt;
  let area = null;
  const seen = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id).callFrame;
    area ??= areaOf(frame.url);
    if (inclusive.has(frame.functionName) && !seen.has(frame.functionName)) {
      seen.add(frame.functionName);
      inclusive.set(frame.functionName, inclusive.get(frame.functionName) + dt);
    }
  }
  area ??= leaf.callFrame.url.startsWith('node:') ? 'node: internals (no caller of ours)' : leafName || '(anonymous)';
  charged.set(area, (charged.get(area) ?? 0) + dt);
  if (values.leaves !== undefined && area === values.leaves) {
    const name = `${leafName} ${leaf.callFrame.url.split('/').slice(-2).join('/')}`;
    leaves.set(name, (leaves.get(name) ?? 0) + dt);
  }
}
const pct = (t, of) => ((100 * t) / of).toFixed(1).padStart(5) + '%';
console.log(`${(total / 1e6).toFixed(1)} s profiled, ${pct(busy, total)} busy; shares below are of the busy time`);
for (const [area, t] of [...charged].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  if (area === '(idle)') continue;
  console.log(`${pct(t, busy)}  ${area}`);
}
if (leaves.size > 0) console.log(`leaves charged to ${values.leaves}:`);
for (const [name, t] of [...leaves].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(t, busy)}    ${name}`);
if (inclusive.size > 0) console.log('inclusive:');
for (const [name, t] of inclusive) console.log(`${pct(t, busy)}  ${name}`);
