/** The shape of bench/results/client-*.json and the README table made from it. */

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export interface CaseResult {
  notes: number;
  /** From navigation until every note was in the canvas' store. */
  loadMs: number;
  canvas: { width: number; height: number };
  pan: FrameStats & { zoom: number; notesOnScreen: number };
  zoom: FrameStats & { from: number; to: number };
  fit: FrameStats & { zoom: number; notesOnScreen: number };
  heapLoadedMB: number;
  heapAfterMB: number;
  /** The 1-minute load average of the machine before and after the runs (others' work slows frames). */
  loadAverage?: [number, number];
}

export interface DragResult {
  drags: number;
  method: string;
  notesDragged: number;
  msPerDrag: number;
  docBytesBefore: number;
  docBytesAfter: number;
  growthBytes: number;
  updatesReceived: number;
  updateBytesReceived: number;
}

export interface BenchResults {
  measuredAt: string;
  commit: string;
  machine: Record<string, unknown>;
  browser: { version: string; rendering: string; viewport: { width: number; height: number } } & Record<string, unknown>;
  method: Record<string, string>;
  targets: { panP95Ms20k: number; fitP95Ms2k: number; growthBytes1000Drags: number };
  cases: CaseResult[];
  drag: DragResult | null;
}

const ok = (pass: boolean) => (pass ? 'yes' : '**no**');

/** A markdown table for the README, with each target and whether it is met. */
export function renderTable(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(
    `Headless Chromium ${r.browser.version}, software rendering (--disable-gpu), ${r.browser.viewport.width}x${r.browser.viewport.height}, ` +
      `${String(r.machine.cores)} cores (${String(r.machine.cpu)}); ${r.measuredAt.slice(0, 10)}, commit ${r.commit}. Frame times are requestAnimationFrame deltas.`,
  );
  lines.push('');
  lines.push('| notes | run | zoom | notes on screen | frames | p50 ms | p95 ms | max ms | target | met |');
  lines.push('|---:|---|---|---:|---:|---:|---:|---:|---|---|');
  for (const c of r.cases) {
    const panTarget = c.notes >= 20_000 ? `p95 ≤ ${r.targets.panP95Ms20k} ms` : '';
    const fitTarget = c.notes === 2000 ? `p95 ≤ ${r.targets.fitP95Ms2k} ms` : '';
    lines.push(
      `| ${c.notes.toLocaleString('en')} | pan 3 s | ${Math.round(c.pan.zoom * 100)}% | ${c.pan.notesOnScreen} | ${c.pan.frames} | ${c.pan.p50} | ${c.pan.p95} | ${c.pan.max} | ${panTarget} | ${panTarget ? ok(c.pan.p95 <= r.targets.panP95Ms20k) : ''} |`,
    );
    lines.push(
      `| ${c.notes.toLocaleString('en')} | zoom 3 s | ${Math.round(c.zoom.from * 100)}% ↔ ${Math.round(c.zoom.to * 100)}% | | ${c.zoom.frames} | ${c.zoom.p50} | ${c.zoom.p95} | ${c.zoom.max} | | |`,
    );
    lines.push(
      `| ${c.notes.toLocaleString('en')} | fitted, pan 3 s | ${Math.round(c.fit.zoom * 100)}% | ${c.fit.notesOnScreen} | ${c.fit.frames} | ${c.fit.p50} | ${c.fit.p95} | ${c.fit.max} | ${fitTarget} | ${fitTarget ? ok(c.fit.p95 <= r.targets.fitP95Ms2k) : ''} |`,
    );
  }
  lines.push('');
  lines.push('| notes | load s | canvas | JS heap loaded MB | JS heap after runs MB | machine load average |');
  lines.push('|---:|---:|---|---:|---:|---|');
  for (const c of r.cases) {
    const load = c.loadAverage ? `${c.loadAverage[0]} → ${c.loadAverage[1]}` : '';
    lines.push(`| ${c.notes.toLocaleString('en')} | ${(c.loadMs / 1000).toFixed(1)} | ${c.canvas.width}x${c.canvas.height} | ${c.heapLoadedMB} | ${c.heapAfterMB} | ${load} |`);
  }
  if (r.drag) {
    const d = r.drag;
    lines.push('');
    lines.push(
      `${d.drags} drags (${d.method}; ${d.notesDragged} notes, ${d.msPerDrag} ms each): board document ${d.docBytesBefore} → ${d.docBytesAfter} bytes, ` +
        `growth ${d.growthBytes} bytes (target ≤ ${r.targets.growthBytes1000Drags}: ${ok(d.growthBytes <= r.targets.growthBytes1000Drags)}); ${d.updatesReceived} updates received, ${d.updateBytesReceived} bytes.`,
    );
  }
  return lines.join('\n');
}
