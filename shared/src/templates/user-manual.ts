import type { TemplateDefinition } from './types.ts';

/** The card's questions, from the toolkit; the facilitator may change or add to them. */
export const USER_MANUAL_PROMPTS = [
  'How best to communicate with me…',
  "I don't have patience for…",
  'One thing people misunderstand about me is…',
  'You can count on me for…',
  "I'd love to learn more about…",
];

/** User Manual (toolkit section 1E): get to know each other beyond labels. */
export const userManual: TemplateDefinition = {
  id: 'user-manual',
  title: 'User Manual',
  description:
    'Get to know each other beyond labels of lived or learned experience. Each person fills in a short card about how to work well with them: how to talk with them, what they need, what they are good at. You share your card when you are ready, with or without your name, or not at all.',
  minutes: 40,
  areas: [
    { key: 'manuals', title: 'Our user manuals', rect: { x: 0, y: 0, w: 1600, h: 1000 }, color: 'lilac', description: 'Cards people chose to share. You can take yours back at any time.', role: 'cards' },
  ],
  steps: [
    {
      id: 'pairs',
      title: 'Ask each other',
      prompt: 'In pairs, ask each other the questions on the card. If you would rather think on your own, that is fine too.',
      mode: 'discussion',
      timerSeconds: 600,
      prompts: USER_MANUAL_PROMPTS,
    },
    {
      id: 'write',
      title: 'Fill in your card',
      prompt: 'Fill in your card. Nothing is shared until you press Share. Share with your name or without it, or keep it to yourself. You can take it back later.',
      mode: 'open',
      areaKey: 'manuals',
      prompts: USER_MANUAL_PROMPTS,
    },
    {
      id: 'read',
      title: 'Read the cards',
      prompt: 'Read the cards people shared. What will you do differently to work well together?',
      mode: 'discussion',
      areaKey: 'manuals',
    },
  ],
};
