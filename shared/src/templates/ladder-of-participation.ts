import type { TemplateArea, TemplateDefinition } from './types.ts';

/** Tall enough for the title, the rung's description and marker count, and one row of notes under them (areaHeaderHeight). */
const RUNG_H = 360;
const RUNG_GAP = 20;

/** Rung 1 is the lowest: drawn at the bottom, read first. */
function rung(n: number, title: string, description: string): TemplateArea {
  return { key: `rung-${n}`, title: `${n}. ${title}`, description, rect: { x: 0, y: (6 - n) * (RUNG_H + RUNG_GAP), w: 1600, h: RUNG_H }, color: n >= 5 ? 'mint' : n >= 3 ? 'sand' : 'stone', role: 'rung' };
}

/** Ladder of Participation (toolkit, after Arnstein): where are we, and where should we be? */
export const ladderOfParticipation: TemplateDefinition = {
  id: 'ladder-of-participation',
  title: 'Ladder of Participation',
  description:
    'A ladder with six rungs, from "No control" at the bottom to "Full control" at the top, showing how much say people who use services have in decisions. People privately place a marker for where their organisation, their team and they themselves are now, and where they should be. Only the number on each rung is shown, never who.',
  minutes: 40,
  areas: [
    rung(1, 'No control', 'Service users are passive consumers.'),
    rung(2, 'Information', 'Service users are told what is happening but have no influence.'),
    rung(3, 'Consultation', 'Service users are asked what they think but have limited influence.'),
    rung(4, 'Participation', 'Service users can make suggestions and influence outcomes.'),
    rung(5, 'Sharing power', 'Service users share decisions and responsibility, influencing and deciding outcomes.'),
    rung(6, 'Full control', 'Service users control decision making at the highest level.'),
  ],
  steps: [
    {
      id: 'intro',
      title: 'The ladder',
      prompt: 'Look at the ladder from "No control" at the bottom to "Full control" at the top. What does each rung mean to you?',
      mode: 'discussion',
    },
    { id: 'organisation', title: 'Your organisation', prompt: 'Where would you place your whole organisation on the ladder? Place one marker. Nobody sees whose it is.', mode: 'voting', voteTarget: 'areas', voteBudget: 1, voteRole: 'rung' },
    { id: 'team', title: 'Your team', prompt: 'Where would you place your team on the ladder? Place one marker.', mode: 'voting', voteTarget: 'areas', voteBudget: 1, voteRole: 'rung' },
    { id: 'yourself', title: 'You in your role', prompt: 'Where would you place yourself, in your role or in the way you take part? Place one marker.', mode: 'voting', voteTarget: 'areas', voteBudget: 1, voteRole: 'rung' },
    { id: 'should', title: 'Where we should be', prompt: 'At what level do you think we should be working? Place one marker.', mode: 'voting', voteTarget: 'areas', voteBudget: 1, voteRole: 'rung' },
    {
      id: 'why',
      title: 'What gets in the way',
      prompt: 'What is the most realistic level to work at, and why? What gets in the way of getting higher? Add notes on the rungs.',
      mode: 'open',
      postTo: 'pick-area',
      pickRole: 'rung',
      timerSeconds: 600,
    },
  ],
};
