import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNote, createArea } from '@tributary/shared/board/mutations';
import { csvCell, escapeMarkdown } from '../../../server/src/export/boardExport.ts';
import { connectDoc, waitFor, type DocClient } from '../../helpers/clients.ts';
import { command, mustCreateRoom, request } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';

/**
 * GET /api/rooms/:roomId/export (API.md): the board grouped by area, with vote totals;
 * anonymous notes stay anonymous; user text is escaped in every format.
 */
describe('export', () => {
  const server = useServer();
  let room: Awaited<ReturnType<typeof mustCreateRoom>>;
  let participant: string;
  let board: DocClient;
  let areaId: string;
  let namedId: string;

  beforeAll(async () => {
    room = await mustCreateRoom(server.url, 'Housing <forum>');
    const joined = await request(server.url, 'POST', '/api/join', { body: { joinCode: room.joinCode, name: 'Sam' } });
    participant = joined.body.participantToken;
    board = connectDoc(server.wsUrl, room.roomId, 'board', room.facilitatorToken);
    await board.synced;
    areaId = createArea(board.doc, { title: 'What works', rect: { x: 0, y: 0, w: 600, h: 400 } });
    createNote(board.doc, { text: '=HYPERLINK("http://evil")', pos: { x: 2000, y: 0 } });
    // Named note in the area, posted by a participant through the server.
    const named = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, {
      token: participant,
      body: { text: 'Staff who *listen* <b>', areaId },
    });
    expect(named.status).toBe(201);
    namedId = named.body.noteId;
    const anon = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes`, {
      token: participant,
      body: { text: 'Somewhere safe, at night', anonymous: true },
    });
    expect(anon.body.status).toBe('pending');
    // A note from one person goes on the board only once its writer agrees (show it anyway).
    const agreed = await request(server.url, 'POST', `/api/rooms/${room.roomId}/notes/${anon.body.noteId}/release-consent`, {
      headers: { 'x-edit-key': anon.body.editKey },
    });
    expect(agreed.body.status).toBe('visible');
    expect((await command(server.url, room.roomId, room.facilitatorToken, { type: 'voting.open', budget: 3 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const vote = await request(server.url, 'POST', `/api/rooms/${room.roomId}/votes`, { token: participant, body: { noteId: namedId, delta: 1 } });
      expect(vote.status).toBe(200);
    }
    await waitFor(() => board.doc.getMap('notes').size === 3, 5000, 'three notes on the board');
  });

  afterAll(async () => {
    board?.destroy();
  });

  test('json groups notes by area with vote totals; anonymous notes carry no author', async () => {
    const res = await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=json`, { token: room.facilitatorToken });
    expect(res.status).toBe(200);
    const data = res.body;
    expect(data.title).toBe('Housing <forum>');
    expect(data.areas).toHaveLength(1);
    expect(data.areas[0].title).toBe('What works');
    expect(data.areas[0].notes).toEqual([expect.objectContaining({ id: namedId, author: 'Sam', votes: 2, anonymous: false })]);
    const anon = data.unsorted.find((n: { text: string }) => n.text === 'Somewhere safe, at night');
    expect(anon).toMatchObject({ author: null, anonymous: true, votes: 0 });
    expect(JSON.stringify(anon)).not.toContain('Sam');
    expect(data.steps[0]).toMatchObject({ mode: 'open' });
  });

  test('markdown escapes what people wrote and shows totals', async () => {
    const res = await fetch(`${server.url}/api/rooms/${room.roomId}/export?format=md`, { headers: { authorization: `Bearer ${room.facilitatorToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    const md = await res.text();
    expect(md).toContain('## What works');
    expect(md).toContain('Staff who \\*listen\\* &lt;b>');
    expect(md).toContain('(2 votes)');
    expect(md).not.toContain('<b>');
    expect(md).toMatch(/Somewhere safe, at night — \*anonymous\*/);
  });

  test('csv quotes cells and defuses spreadsheet formulas', async () => {
    const res = await fetch(`${server.url}/api/rooms/${room.roomId}/export?format=csv`, { headers: { authorization: `Bearer ${room.facilitatorToken}` } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('area,note,author,anonymous,votes,created_at,builds_on,note_id,image_id');
    expect(lines).toHaveLength(4);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  test('only the facilitator may export; an unknown format is a 400', async () => {
    expect((await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=md`, { token: participant })).status).toBe(403);
    expect((await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=md`)).status).toBe(401);
    const bad = await request(server.url, 'GET', `/api/rooms/${room.roomId}/export?format=pdf`, { token: room.facilitatorToken });
    expect(bad.status).toBe(400);
    expect(typeof bad.body.message).toBe('string');
  });

  test('escaping helpers', () => {
    expect(escapeMarkdown('# [x](y) <img>')).toBe('\\# \\[x\\](y) &lt;img>');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });
});
