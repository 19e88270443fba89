import type { TemplateDefinition } from './types.ts';

const BUILD_ON = 'Read what earlier groups left here first, and build on it: reply to a note to add to it.';

/** World Cafe (toolkit section 1E): groups move between tables, each with its own question. */
export const worldCafe: TemplateDefinition = {
  id: 'world-cafe',
  title: 'World Cafe',
  description:
    'Four tables, each with its own question. People work in small groups, one group at each table. Each round, groups move on to the next table and build on what the group before them left. At the end everyone looks at all the tables together.',
  minutes: 75,
  areas: [
    { key: 'table-1', title: 'Table 1: What helps people get involved and stay involved?', rect: { x: 0, y: 0, w: 1000, h: 700 }, color: 'sky', description: BUILD_ON, role: 'table' },
    { key: 'table-2', title: 'Table 2: What gets in the way of people being heard?', rect: { x: 1040, y: 0, w: 1000, h: 700 }, color: 'mint', description: BUILD_ON, role: 'table' },
    { key: 'table-3', title: 'Table 3: What does good support look like to you?', rect: { x: 0, y: 740, w: 1000, h: 700 }, color: 'rose', description: BUILD_ON, role: 'table' },
    { key: 'table-4', title: 'Table 4: What would you change first, and how?', rect: { x: 1040, y: 740, w: 1000, h: 700 }, color: 'lilac', description: BUILD_ON, role: 'table' },
  ],
  steps: [
    {
      id: 'groups',
      title: 'Find your table',
      prompt: 'We are splitting into small groups, one group at each table. Your phone will show your table and its question.',
      mode: 'discussion',
    },
    {
      id: 'round',
      title: 'Talk at your table',
      prompt: 'Talk about your table\'s question and add your ideas as notes. From round two, read what earlier groups left and build on it.',
      mode: 'open',
      postTo: 'group-area',
      timerSeconds: 900,
    },
    {
      id: 'harvest',
      title: 'Look at all the tables',
      prompt: 'Everyone looks at all the tables together. What stands out? What surprised you?',
      mode: 'discussion',
    },
    {
      id: 'vote',
      title: 'What matters most',
      prompt: 'Put your dots on the ideas that matter most to you.',
      mode: 'voting',
      voteBudget: 3,
    },
  ],
  rules: {
    // One group per table when there are people enough for two at each; the facilitator can ask
    // for smaller groups (three people can be three groups of one).
    groups: { count: 4, defaultMinSize: 2, label: 'Group' },
    rotate: { rule: 'groups-across-areas', areaKeys: ['table-1', 'table-2', 'table-3', 'table-4'] },
  },
};
