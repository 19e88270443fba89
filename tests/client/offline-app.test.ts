import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Doc } from 'yjs';
import { readControl } from '@tributary/shared/control/state';
import { forgetLastControl, loadLastControl, saveLastControl } from '../../client/src/sync/lastControl.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { NOT_ON_THE_PHONE, measure } from '../../scripts/measure-bundle.mjs';

/** A Map-backed Storage, like a phone's localStorage. */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}

describe("the room's last reading (an offline reload shows it)", () => {
  afterEach(() => vi.unstubAllGlobals());
  const defaults = readControl(new Doc());

  it('keeps the room as last seen, per room, and forgets it with the room', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    const seen = { ...defaults, title: 'Drop-in forum', prompt: 'What would make it safer?', stepIndex: 2 };
    saveLastControl('room-a', seen);
    expect(loadLastControl('room-a', defaults)).toEqual(seen);
    expect(loadLastControl('room-b', defaults)).toBeNull();
    forgetLastControl('room-a');
    expect(loadLastControl('room-a', defaults)).toBeNull();
  });

  it('fills fields an older version did not keep from the defaults, and ignores what is not a reading', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    storage.setItem('tributary:control:old', JSON.stringify({ title: 'Old', prompt: 'Kept', steps: [] }));
    expect(loadLastControl('old', defaults)).toEqual({ ...defaults, title: 'Old', prompt: 'Kept', steps: [] });
    storage.setItem('tributary:control:bad', '{not json');
    storage.setItem('tributary:control:array', '[1,2]');
    storage.setItem('tributary:control:shape', JSON.stringify({ title: 'No prompt' }));
    for (const room of ['bad', 'array', 'shape']) expect(loadLastControl(room, defaults)).toBeNull();
  });

  it('copes with a phone that refuses storage', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    });
    expect(() => saveLastControl('room-a', defaults)).not.toThrow();
    expect(loadLastControl('room-a', defaults)).toBeNull();
    expect(() => forgetLastControl('room-a')).not.toThrow();
  });
});

describe('what the service worker precaches', () => {
  const dist = path.join(ROOT_DIR, 'client', 'dist');

  it('the phone path whole, and nothing a phone never opens (no Konva, no facilitator)', () => {
    if (!existsSync(path.join(dist, 'sw.js'))) throw new Error('No client/dist/sw.js: run `npm run build` first.');
    const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
    const precached = new Set([...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!));
    const sizes = measure(dist);
    const phone = sizes.views.participant!;
    // The join page, the room's first load and every part a script can prefetch open with no signal.
    for (const chunk of [...sizes.views.join!.chunks, ...phone.chunks, ...phone.withParts!.parts]) expect(precached).toContain(chunk.file);
    expect(precached).toContain('index.html');
    expect(precached).toContain('manifest.webmanifest');
    const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
    for (const key of NOT_ON_THE_PHONE) expect(precached).not.toContain(manifest[key]!.file);
    expect([...precached].filter((file) => /BoardCanvas|konva/i.test(file))).toEqual([]);
    // The worker never answers the API, the sync socket or the health checks with the app.
    expect(sw).toContain('denylist:[/^\\/(api|yjs|assets)\\//');
  });
});
