import { beforeAll, describe, expect, test } from 'vitest';
import { USER_MANUAL_PROMPTS } from '@tributary/shared/templates/user-manual';
import { request } from '../../helpers/server.ts';
import { useServer } from '../../helpers/fixture.ts';
import { startSession, type Session } from './session.ts';

// User Manual (shared/METHODS.md): five editable card prompts; people share a card when ready
// (or never), signed or anonymous by their choice, and can take it back.
describe('template: user-manual', () => {
  const server = useServer();
  let s: Session;
  beforeAll(async () => {
    s = await startSession(server, 'user-manual', ['Ana', 'Ben', 'Cas', 'Dee']);
  });

  test('the whole script: prompts in the data and editable, signed or anonymous cards, withdrawal, export', async () => {
    const [manuals] = s.areas();
    expect(manuals!.title).toBe('Our user manuals');
    let control = await s.cmd({ type: 'timer.reset' });
    expect(control.steps[1].prompts).toEqual(USER_MANUAL_PROMPTS);
    expect(control.steps[1].areaId).toBe(manuals!.id);

    // The facilitator changes one prompt and adds one.
    const prompts = [...USER_MANUAL_PROMPTS.slice(0, 4), 'Something I am proud of…', "I'd love to learn more about…"];
    control = await s.cmd({ type: 'step.update', index: 1, prompts });
    expect(control.steps[1].prompts).toEqual(prompts);

    control = await s.cmd({ type: 'step.goto', index: 1 });
    expect(control.mode).toBe('open');
    const card = (name: string) => prompts.map((p) => `${p} ${name}'s answer`).join('\n');
    // Ana signs; Ben, Cas and Dee share without a name (they go out together, as a batch).
    const ana = await s.mustPost(s.people[0]!, { text: card('Ana') });
    expect(ana.status).toBe('visible');
    const anon = [];
    for (const p of s.people.slice(1)) anon.push(await s.mustPost(p, { text: card(p.name), anonymous: true }));
    await s.waitNotes(4);
    expect(s.notes().every((n) => n.areaId === manuals!.id)).toBe(true);
    expect(s.notes().filter((n) => n.anonymous)).toHaveLength(3);

    // Dee takes the card back.
    const back = await request(s.server.url, 'DELETE', `/api/rooms/${s.room.roomId}/notes/${anon[2].noteId}`, { headers: { 'x-edit-key': anon[2].editKey } });
    expect(back.status).toBe(204);
    await s.waitNotes(3);

    control = await s.cmd({ type: 'step.next' });
    expect(control.mode).toBe('discussion');
    const data = await s.exportJson();
    const area = data.areas.find((a: any) => a.id === manuals!.id);
    expect(area.notes).toHaveLength(3);
    expect(area.notes.filter((n: any) => n.author === 'Ana')).toHaveLength(1);
    expect(area.notes.filter((n: any) => n.anonymous && n.author === null)).toHaveLength(2);
    expect(JSON.stringify(data)).not.toContain("Dee's answer");
  });
});
