/**
 * `--trace`: a Chromium trace around a run, summarised as self time per event name and thread,
 * to see where frame time goes (script, style, paint, raster, compositing). A tool for working
 * on the canvas, not part of the results.
 */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, when the trace has it: what this thread itself spent, whoever else was running. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

export function summarizeTrace(json: string, top = 14, frames = 0): string {
  const parsed = JSON.parse(json) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const out: string[] = [];
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const self = new Map<string, number>();
    const stack: Array<{ end: number; name: string; child: number; dur: number }> = [];
    const close = (until: number) => {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
        const top = stack.pop()!;
        self.set(top.name, (self.get(top.name) ?? 0) + top.dur - top.child);
      }
    };
    let total = 0;
    let cpu = 0;
    for (const e of list) {
      close(e.ts);
      const label = e.name === 'FunctionCall' && e.args?.data?.functionName ? `FunctionCall ${e.args.data.functionName}` : e.name;
      if (stack.length > 0) stack[stack.length - 1]!.child += e.dur!;
      else {
        total += e.dur!;
        cpu += e.tdur ?? e.dur!;
      }
      stack.push({ end: e.ts + e.dur!, name: label, child: 0, dur: e.dur! });
    }
    close(Infinity);
    if (total < 50_000) continue; // under 50 ms over the run: not interesting
    const name = threadNames.get(key) ?? key;
    const perFrame = frames > 0 ? `, ${(cpu / 1000 / frames).toFixed(1)} ms CPU per frame over ${frames} frames` : '';
    out.push(`  ${name}: ${(total / 1000).toFixed(0)} ms busy, ${(cpu / 1000).toFixed(0)} ms CPU${perFrame}`);
    for (const [n, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`    ${(us / 1000).toFixed(1).padStart(8)} ms  ${n}`);
  }
  return out.join('\n');
}
