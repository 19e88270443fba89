import { expect } from 'vitest';
import { waitFor, type DocClient } from '../../helpers/clients.ts';
import type { ServerFixture } from '../../helpers/fixture.ts';
import { mustJoinAs, type NamedParticipant } from '../../helpers/board.ts';
import { createRoom, type CreatedRoom, type Json } from '../../helpers/server.ts';

/** One person taking part: their token, participant id and a stock control-document client (their phone). */
export interface Person extends NamedParticipant {
  control: DocClient;
}

/**
 * A template session driven from outside, as an integration would: the room is created with
 * the template, people join and connect stock y-websocket clients, the facilitator sends
 * commands, people post through POST /notes and vote through POST /votes. Each session is a
 * room of its own on the file's fixture server; its clients close with the test (or, opened in a
 * `beforeAll`, with the file).
 */
export interface Session {
  server: ServerFixture;
  room: CreatedRoom;
  board: DocClient;
  control: DocClient;
  people: Person[];
  cmd(body: Record<string, unknown>): Promise<Json>;
  cmdRaw(body: Record<string, unknown>): Promise<{ status: number; body: Json }>;
  post(person: Person | string, body: Record<string, unknown>): Promise<{ status: number; body: Json }>;
  mustPost(person: Person | string, body: Record<string, unknown>): Promise<Json>;
  vote(person: Person, body: Record<string, unknown>): Promise<{ status: number; body: Json }>;
  exportJson(): Promise<Json>;
  exportMd(): Promise<string>;
  /** Areas on the facilitator's board document, in reading order. */
  areas(): Array<{ id: string; title: string; description?: string; rect: { x: number; y: number; w: number; h: number } }>;
  notes(): Array<{ id: string; text: string; areaId: string | null; round?: number; replyTo?: string; anonymous: boolean }>;
  /** Waits until the facilitator's board shows `count` notes. */
  waitNotes(count: number): Promise<void>;
}

export async function startSession(server: ServerFixture, templateId: string, names: string[]): Promise<Session> {
  const created = await createRoom(server.url, { template: templateId });
  expect(created.status, created.text).toBe(201);
  const room = created.body;
  const board = server.doc(room.roomId, 'board', room.facilitatorToken);
  const control = server.doc(room.roomId, 'control', room.facilitatorToken);
  const people: Person[] = [];
  for (const name of names) {
    const joined = await mustJoinAs(server.url, room.joinCode, name);
    people.push({ ...joined, control: server.doc(room.roomId, 'control', joined.token) });
  }
  await Promise.all([board.synced, control.synced, ...people.map((p) => p.control.synced)]);

  const base = `/api/rooms/${room.roomId}`;
  const tokenOf = (p: Person | string) => (typeof p === 'string' ? p : p.token);
  const session: Session = {
    server,
    room,
    board,
    control,
    people,
    async cmd(body) {
      const res = await server.command(room.roomId, room.facilitatorToken, body);
      expect(res.status, `${String(body.type)}: ${res.text}`).toBe(200);
      return res.body.control;
    },
    async cmdRaw(body) {
      const res = await server.command(room.roomId, room.facilitatorToken, body);
      return { status: res.status, body: res.body };
    },
    post: (p, body) => server.request('POST', `${base}/notes`, { token: tokenOf(p), body }),
    async mustPost(p, body) {
      const res = await server.request('POST', `${base}/notes`, { token: tokenOf(p), body });
      expect(res.status, res.text).toBe(201);
      return res.body;
    },
    vote: (p, body) => server.request('POST', `${base}/votes`, { token: p.token, body }),
    async exportJson() {
      const res = await server.request('GET', `${base}/export?format=json`, { token: room.facilitatorToken });
      expect(res.status).toBe(200);
      return res.body;
    },
    async exportMd() {
      const res = await server.request('GET', `${base}/export?format=md`, { token: room.facilitatorToken });
      expect(res.status).toBe(200);
      return res.text;
    },
    areas() {
      const out: ReturnType<Session['areas']> = [];
      board.doc.getMap<any>('areas').forEach((m, id) => {
        const d = m.get('description');
        out.push({ id, title: m.get('title'), rect: m.get('rect'), ...(d ? { description: d } : {}), order: m.get('order') } as never);
      });
      return out.sort((a: any, b: any) => a.order - b.order);
    },
    notes() {
      const out: ReturnType<Session['notes']> = [];
      board.doc.getMap<any>('notes').forEach((m, id) => {
        const note: any = { id, text: m.get('text'), areaId: m.get('areaId') ?? null, anonymous: m.get('anonymous') === true };
        if (m.get('round') !== undefined) note.round = m.get('round');
        if (m.get('replyTo')) note.replyTo = m.get('replyTo');
        out.push(note);
      });
      return out;
    },
    async waitNotes(count) {
      await waitFor(() => board.doc.getMap('notes').size === count, 5_000, `${count} notes on the board`);
    },
  };
  return session;
}

/** The control map as a phone sees it. */
export function phoneControl(person: Person): Json {
  return person.control.doc.getMap('control').toJSON();
}

/** Waits until every phone's control document agrees with `predicate`. */
export async function phonesSee(people: Person[], predicate: (control: Json) => boolean, label: string): Promise<void> {
  await waitFor(() => people.every((p) => predicate(phoneControl(p))), 5_000, label);
}
