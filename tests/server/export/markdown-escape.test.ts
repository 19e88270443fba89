import { describe, expect, test } from 'vitest';
import { escapeMarkdown, escapeMarkdownInline, toMarkdown, type BoardExport } from '../../../server/src/export/boardExport.ts';

/**
 * The Markdown export keeps people's words as they wrote them: ordinary punctuation is never
 * escaped, and only what would change the Markdown's meaning is, where it would.
 */
describe('markdown escaping', () => {
  test('ordinary punctuation stays as written', () => {
    for (const text of ['co-production', 'STIGMA!', 'Tea & biscuits (maybe).', 'Ask: why? 100% + more', 'snake_case', '#hashtag', '-5 degrees', '+1', 'In 2024. A year', '{braces} and a.b.c']) {
      expect(escapeMarkdown(text)).toBe(text);
    }
  });

  test('what would start a heading, quote, list or rule at a line start is escaped there only', () => {
    expect(escapeMarkdown('# Not a heading')).toBe('\\# Not a heading');
    expect(escapeMarkdown('> not a quote')).toBe('\\> not a quote');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('+ not a list')).toBe('\\+ not a list');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('2) not a list')).toBe('2\\) not a list');
    expect(escapeMarkdown('2024. A year')).toBe('2024\\. A year');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('===')).toBe('\\===');
    // The same characters inside a line mean nothing and stay.
    expect(escapeMarkdown('a # b > c - d 1. e')).toBe('a # b > c - d 1. e');
    // Every line of a note is a line start.
    expect(escapeMarkdown('first\n# second\n- third')).toBe('first  \n  \\# second  \n  \\- third');
  });

  test('emphasis, code, links, tables and HTML are escaped wherever they are', () => {
    expect(escapeMarkdown('Staff who *listen* <b>')).toBe('Staff who \\*listen\\* &lt;b>');
    expect(escapeMarkdown('_really_ not snake_case')).toBe('\\_really\\_ not snake_case');
    expect(escapeMarkdown('`code` [x](y) ![i](j)')).toBe('\\`code\\` \\[x\\](y) !\\[i\\](j)');
    expect(escapeMarkdown('a | b ~~c~~ back\\slash')).toBe('a \\| b \\~\\~c\\~\\~ back\\\\slash');
    expect(escapeMarkdown('&copy; &#169; but AT&T')).toBe('&amp;copy; &amp;#169; but AT&T');
  });

  test('headings and table cells keep to one line and escape no line start', () => {
    expect(escapeMarkdownInline('Our\nforum')).toBe('Our forum');
    // After "## " a line start means nothing: "1." and "#" stay; a closing "#" run would be dropped.
    expect(escapeMarkdownInline('1. No control')).toBe('1. No control');
    expect(escapeMarkdownInline('# forum')).toBe('# forum');
    expect(escapeMarkdownInline('We are #1 #')).toBe('We are #1 \\#');
  });

  test('a card with several answers stays one list item with its paragraphs', () => {
    const data: BoardExport = {
      roomId: 'r',
      title: 'co-production: STIGMA!',
      exportedAt: '2026-12-07T00:00:00.000Z',
      steps: [],
      areas: [
        {
          id: 'a',
          title: 'Our user manuals',
          description: null,
          markers: [],
          notes: [
            {
              id: 'n',
              text: 'How best to communicate with me…\nFace to face.\n\nYou can count on me for…\n- turning up',
              color: 'yellow',
              author: null,
              anonymous: true,
              votes: 0,
              createdAt: '2026-12-07T00:00:00.000Z',
              replyTo: null,
              round: null,
              card: null,
            },
          ],
        },
      ],
      unsorted: [],
      voted: false,
      markerRounds: [],
      words: [],
    };
    const md = toMarkdown(data);
    expect(md).toContain('# co-production: STIGMA!');
    expect(md).toContain('- How best to communicate with me…  \n  Face to face.  \n    \n  You can count on me for…  \n  \\- turning up — *anonymous*');
  });
});
