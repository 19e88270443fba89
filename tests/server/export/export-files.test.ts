import { beforeAll, describe, expect, test } from 'vitest';
import { exportFileName } from '@tributary/shared/exportFileName';
import { attachment } from '../../../server/src/export/contentDisposition.ts';
import { fileNameFromDisposition } from '../../../client/src/sync/contentDisposition.ts';
import { useServer } from '../../helpers/fixture.ts';
import type { CreatedRoom } from '../../helpers/server.ts';

/**
 * The files people take away open as they should: the CSV as UTF-8 in Excel (a byte order mark),
 * and every export named after the room in its own letters (RFC 6266 `filename*`).
 */
describe('export files', () => {
  const server = useServer();
  let room: CreatedRoom;

  beforeAll(async () => {
    room = await server.room('Café');
    const posted = await server.request('POST', `/api/rooms/${room.roomId}/notes`, { token: room.facilitatorToken, body: { text: 'Un café, et quelqu’un qui écoute' } });
    expect(posted.status, posted.text).toBe(201);
  });

  const download = (format: string) =>
    fetch(`${server.url}/api/rooms/${room.roomId}/export?format=${format}`, { headers: { authorization: `Bearer ${room.facilitatorToken}` } });

  test('the CSV starts with the UTF-8 byte order mark (EF BB BF), so Excel shows "café", not "cafÃ©"', async () => {
    const res = await download('csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('area,note,')).toBe(true);
    expect(text).toContain('Un café, et quelqu’un qui écoute');
  });

  test('a room called "Café" exports as tributary-Café.<format> in every format, with an ASCII fallback', async () => {
    for (const format of ['csv', 'md', 'json']) {
      const res = await download(format);
      expect(res.status, format).toBe(200);
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).toContain(`filename*=UTF-8''tributary-Caf%C3%A9.${format}`);
      expect(disposition).toContain(`filename="tributary-Cafe.${format}"`);
      expect(disposition.startsWith('attachment;')).toBe(true);
      // What the facilitator's screen saves it as.
      expect(fileNameFromDisposition(disposition, 'fallback')).toBe(`tributary-Café.${format}`);
    }
    // Only the CSV carries the byte order mark.
    const md = Buffer.from(await (await download('md')).arrayBuffer());
    expect(md[0]).not.toBe(0xef);
  });

  test('one naming rule for every export, the board picture included', () => {
    expect(exportFileName('Café', 'csv')).toBe('tributary-Café.csv');
    expect(exportFileName('Tenants panel', 'md')).toBe('tributary-Tenants-panel.md');
    expect(exportFileName("Housing: what's next?", 'png')).toBe('tributary-Housing-what-s-next.png');
    expect(exportFileName('  ../../etc/passwd ', 'json')).toBe('tributary-etc-passwd.json');
    expect(exportFileName('لقاء المجتمع', 'csv')).toBe('tributary-لقاء-المجتمع.csv');
    expect(exportFileName('Grŵp trafod', 'csv')).toBe('tributary-Grŵp-trafod.csv');
    expect(exportFileName('', 'csv')).toBe('tributary-session.csv');
    expect(exportFileName('!!!', 'csv')).toBe('tributary-session.csv');
    // Decomposed accents are put together first, and a long title is cut by characters, never mid-letter.
    expect(exportFileName('Cafe\u0301', 'csv')).toBe('tributary-Café.csv');
    expect(exportFileName('😀🎉', 'csv')).toBe('tributary-session.csv');
    // A letter outside the BMP is two UTF-16 units: kept whole.
    expect(exportFileName('𐐀'.repeat(100), 'csv')).toBe(`tributary-${'𐐀'.repeat(60)}.csv`);
    const longWords = exportFileName('ab '.repeat(40), 'csv');
    expect(Array.from(longWords.replace(/^tributary-|\.csv$/g, '')).length).toBeLessThanOrEqual(60);
    expect(longWords.endsWith('-.csv')).toBe(false);
  });

  test('Content-Disposition: the name in UTF-8 for modern clients, an ASCII stand-in that cannot break the header', () => {
    expect(attachment('tributary-Café.csv')).toBe(`attachment; filename="tributary-Cafe.csv"; filename*=UTF-8''tributary-Caf%C3%A9.csv`);
    expect(attachment('tributary-لقاء.csv')).toBe(`attachment; filename="tributary-____.csv"; filename*=UTF-8''tributary-${encodeURIComponent('لقاء')}.csv`);
    // RFC 5987 attr-chars only, after the UTF-8'' prefix.
    expect(attachment(`a'b(c)*.md`)).toContain(`filename*=UTF-8''a%27b%28c%29%2A.md`);
    expect(attachment('say "hi"\\.md')).toContain('filename="say _hi__.md"');
    for (const name of ['tributary-Café.csv', 'tributary-لقاء.csv', `a'b(c)*.md`]) {
      expect(fileNameFromDisposition(attachment(name), 'fallback')).toBe(name);
    }
    expect(fileNameFromDisposition('attachment; filename="plain.md"', 'fallback')).toBe('plain.md');
    expect(fileNameFromDisposition(`attachment; filename="x.md"; filename*=UTF-8''%E0%A4%A.md`, 'fallback')).toBe('x.md');
    expect(fileNameFromDisposition(null, 'fallback')).toBe('fallback');
  });
});
