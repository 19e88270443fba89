import type { TemplateDefinition } from './types.ts';

/** Reverse Brainstorming (toolkit section 1E): it is easier to say how not to do something. */
export const reverseBrainstorming: TemplateDefinition = {
  id: 'reverse-brainstorming',
  title: 'Reverse Brainstorming',
  description:
    'Start with a problem, then turn it upside down: how could we make things worse? People find it easier to say how not to do something. Then each worst idea is turned around into a real solution.',
  minutes: 45,
  areas: [
    { key: 'problem', title: 'The problem', rect: { x: 0, y: 0, w: 600, h: 700 }, color: 'stone', description: 'How do we support services to do co-production?', role: 'problem' },
    { key: 'worst', title: 'Worst ideas', rect: { x: 640, y: 0, w: 1000, h: 700 }, color: 'rose', description: 'How do we make sure services don\'t do co-production?', role: 'worst' },
    { key: 'solutions', title: 'Turned around: solutions', rect: { x: 1680, y: 0, w: 1000, h: 700 }, color: 'mint', description: 'Each worst idea turned into its opposite.', role: 'solution' },
  ],
  steps: [
    {
      id: 'problem',
      title: 'The problem',
      prompt: 'Our question: how do we support services to do co-production?',
      mode: 'discussion',
      areaKey: 'problem',
    },
    {
      id: 'worst',
      title: 'Worst ideas',
      prompt: 'Now turn it around: how do we make sure services don\'t do co-production? Write the worst ideas you can think of. No names are shown.',
      mode: 'anonymous',
      areaKey: 'worst',
      timerSeconds: 300,
    },
    {
      id: 'flip',
      title: 'Turn them around',
      prompt: 'Pick a worst idea and write its opposite: what should we do instead? Your note is linked to the idea it turns around.',
      mode: 'open',
      areaKey: 'solutions',
      // The phone offers the worst ideas; the solution is linked to the one it turns around.
      linkRole: 'worst',
      timerSeconds: 600,
    },
    {
      id: 'vote',
      title: 'Best solutions',
      prompt: 'Put your dots on the solutions you think we should try first.',
      mode: 'voting',
      voteBudget: 3,
      // Only the solutions: the worst ideas are not up for a vote.
      voteRole: 'solution',
    },
  ],
};
