import type { TemplateDefinition } from './types.ts';

/** Troika Consulting (toolkit section 1E): one client and two consultants, taking turns. */
export const troikaConsulting: TemplateDefinition = {
  id: 'troika-consulting',
  title: 'Troika Consulting',
  description:
    'Work in groups of three (never fewer). Each round one person shares a challenge while the others listen, then the others talk about ideas while that person only listens, then the person says what changed for them. Rounds repeat until everyone has had a turn.',
  minutes: 45,
  // One area per trio is made when the trios are formed.
  areas: [],
  steps: [
    {
      id: 'form',
      title: 'Get into threes',
      prompt: 'We are getting into groups of three. Each round one of you is the client with a challenge; the others are consultants. Everyone gets a turn.',
      mode: 'discussion',
    },
    {
      id: 'share',
      title: 'Client shares a challenge',
      prompt: 'Client: share a challenge or something you feel stuck on. Consultants: listen only, no questions and no interrupting.',
      mode: 'discussion',
      timerSeconds: 180,
    },
    {
      id: 'consult',
      title: 'Consultants talk',
      prompt: 'Consultants: talk together about ideas and possible ways forward, and note them in your trio\'s area. Client: listen only.',
      mode: 'open',
      postTo: 'group-area',
      clientMayPost: false,
      timerSeconds: 300,
    },
    {
      id: 'feedback',
      title: 'Client feedback',
      prompt: 'Client: what was it like to hear the ideas? Do you see your challenge differently now? You can ask follow-up questions.',
      mode: 'open',
      postTo: 'group-area',
      timerSeconds: 180,
    },
    {
      id: 'close',
      title: 'Close',
      prompt: 'What will you take away from today?',
      mode: 'discussion',
    },
  ],
  rules: {
    groups: { size: 3, minSize: 3, label: 'Trio', areaPerGroup: true },
    roles: 'rotate-client',
  },
};
