import { describe, expect, test } from 'vitest';
import { EXPORT_FORMATS, exportFileName } from '../../client/src/sync/exportDownload.ts';

/** What a "Results and export" button needs: the formats in plain words and the server's file name. */
describe('export downloads', () => {
  test('the file is saved under the name the server gives, or a plain one', () => {
    expect(exportFileName('attachment; filename="tributary-Housing-forum.md"', 'md')).toBe('tributary-Housing-forum.md');
    expect(exportFileName(null, 'csv')).toBe('tributary-session.csv');
  });

  test('every format the server makes is offered, each with a plain label', () => {
    expect(EXPORT_FORMATS.map((f) => f.format)).toEqual(['md', 'csv', 'json']);
    for (const f of EXPORT_FORMATS) expect(f.label).not.toMatch(/^\s*$/);
  });
});
