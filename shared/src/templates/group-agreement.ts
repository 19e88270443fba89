import type { TemplateDefinition } from './types.ts';

/** Group agreement: how we want to work together, agreed by dot vote. */
export const groupAgreement: TemplateDefinition = {
  id: 'group-agreement',
  title: 'Group agreement',
  description:
    'Make a shared list of how we want to work together, so everyone feels safe and heard. Everyone suggests ideas, the group talks them through, then puts dots on the ones to keep.',
  minutes: 20,
  areas: [
    { key: 'suggestions', title: 'Suggestions', rect: { x: 0, y: 0, w: 1600, h: 900 }, color: 'sand', description: 'How do we want to work together?', role: 'suggestion' },
  ],
  steps: [
    {
      id: 'suggest',
      title: 'Suggest',
      prompt: 'How do we want to work together? For example: one person talks at a time, it is OK to step out. Add your suggestions.',
      mode: 'open',
      areaKey: 'suggestions',
      timerSeconds: 300,
    },
    {
      id: 'talk',
      title: 'Talk it through',
      prompt: 'Read the suggestions together. Is anything missing? Does anything need changing?',
      mode: 'discussion',
      areaKey: 'suggestions',
    },
    {
      id: 'vote',
      title: 'Agree',
      prompt: 'Put your dots on the suggestions you want in our agreement.',
      mode: 'voting',
      voteBudget: 3,
      voteRole: 'suggestion',
    },
  ],
};
