#!/usr/bin/env node
/**
 * Renders bench/results/server-latest.json (written by `npm run bench:server`) as the README
 * table: `node scripts/bench-server-table.mjs [file.json]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// tributary-unvalidated and tributary-unstored are diagnostics (bench/server/bench.ts DIAGNOSTIC_SERVERS);
// every kind is shown when a run had it.
const SERVERS = ['tributary', 'tributary-unvalidated', 'tributary-unstored', 'y-websocket', 'y-websocket-leveldb', 'hocuspocus', 'hocuspocus-sqlite'];
const fmt = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toFixed(digits))) : '–');
const x = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(2)}x` : '–');

/** The markdown table (and a line on the machine) for one results object. */
export function renderServerTable(r) {
  const lines = [];
  const m = r.machine ?? {};
  const p = r.packages ?? {};
  lines.push(
    `${m.cores} cores (${m.cpu}), Node ${m.node}; @y/websocket-server ${p['@y/websocket-server']}${p['y-leveldb'] ? ` (y-leveldb ${p['y-leveldb']})` : ''}, ` +
      `@hocuspocus/server ${p['@hocuspocus/server']}${p['@hocuspocus/extension-sqlite'] ? ` (extension-sqlite ${p['@hocuspocus/extension-sqlite']})` : ''}, ` +
      `yjs ${p.yjs}; ${String(r.measuredAt).slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (QUICK run)' : ''}, load average ${(m.loadAverageBefore ?? []).join('/')} before. ` +
      'Each server alone in its own process; ratios are Tributary / peer from the same run.',
  );
  lines.push('');
  lines.push('| scenario | server | delivery | fan-out p50 / p99 / max ms | updates/s | presence p50 / p99 ms | sync p50 / p99 / max ms | RSS peak MB | RSS / conn KB (idle; storm: growth per joiner) | heap / idle conn KB | server CPU % | event-loop lag p99 ms: server / load generator |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.scenarios ?? []) {
    for (const kind of SERVERS) {
      const res = s.results?.[kind];
      if (!res) continue;
      if (res.error) {
        lines.push(`| ${s.id} | ${kind} | failed: ${String(res.error).slice(0, 80)} | | | | | | | | | |`);
        continue;
      }
      const f = res.fanoutMs ?? {};
      const presence = res.awareness ? `${fmt(res.awareness.latencyMs?.p50)} / ${fmt(res.awareness.latencyMs?.p99)}` : '–';
      const sync = res.syncMs ? `${fmt(res.syncMs.p50, 0)} / ${fmt(res.syncMs.p99, 0)} / ${fmt(res.syncMs.max, 0)}` : '–';
      lines.push(
        `| ${s.id} | ${kind} | ${fmt(res.deliveryPct, 2)}% | ${fmt(f.p50)} / ${fmt(f.p99)} / ${fmt(f.max)} | ${fmt(res.updatesPerSec, 0)} | ${presence} | ${sync} | ` +
          `${fmt(res.rssPeakMB)} | ${fmt(res.rssPerConnKB)} | ${fmt(res.heapPerConnKB)} | ${fmt(res.serverCpuPct, 0)} | ${fmt(res.serverLoopDelayP99Ms)} / ${fmt(res.loadgenLoopDelayP99Ms)} |`,
      );
    }
    for (const [peer, q] of Object.entries(s.ratios ?? {})) {
      lines.push(
        `| ${s.id} | *Tributary / ${peer}* | | ${x(q.fanoutP50)} / ${x(q.fanoutP99)} | ${x(q.updatesPerSec)} | ${q.presenceP99 != null ? `p99 ${x(q.presenceP99)}` : '–'} | ${q.syncP99 != null ? `p99 ${x(q.syncP99)}` : '–'} | ` +
          `${x(q.rssPeak)} | ${x(q.rssPerConn)} | ${x(q.heapPerConn)} | ${x(q.serverCpu)} | |`,
      );
    }
  }
  const targets = (r.scenarios ?? []).flatMap((s) => (s.targets ?? []).map((t) => ({ ...t, id: s.id })));
  if (targets.length) {
    lines.push('');
    lines.push('| scenario | target | Tributary | met |');
    lines.push('|---|---|---|---|');
    for (const t of targets) lines.push(`| ${t.id} | ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);
  }
  lines.push('');
  lines.push('Scenarios:');
  for (const s of r.scenarios ?? []) lines.push(`- \`${s.id}\`: ${s.title}${s.durationMs ? `, ${s.durationMs / 1000} s` : ''}.`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = process.argv[2] ?? path.join(root, 'bench', 'results', 'server-latest.json');
  console.log(renderServerTable(JSON.parse(fs.readFileSync(file, 'utf8'))));
}
