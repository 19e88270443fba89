import type { TemplateArea, TemplateDefinition } from './types.ts';

/** What the facilitator is asked, when creating the room, about each stage the toolkit leaves open. */
const ASK = 'How might someone be feeling at this stage, and what is going on for them?';
const STAGE_W = 560;
const STAGE_GAP = 40;

/** A stage with the toolkit's words, or (without them) one the facilitator is asked to describe. */
function stage(i: number, title: string, description?: string): TemplateArea {
  const rect = { x: (i - 1) * (STAGE_W + STAGE_GAP), y: 0, w: STAGE_W, h: 1000 };
  return { key: `stage-${i}`, title, rect, color: i === 6 ? 'lilac' : 'sky', role: 'stage', ...(description ? { description } : { askDescription: ASK }) };
}

/** Notes in steps 3 to 5 go to the stage each person picks on their phone. */
const PICK_STAGE = { postTo: 'pick-area', pickRole: 'stage' } as const;

/**
 * Recovery River (toolkit Activity 12): six stages of someone's recovery, source to ocean.
 * "The river" and "The ocean" carry the words of the FLIC Co-Production Group's river; the
 * facilitator is asked to describe the other four when creating the room (or skips it, and the
 * stages show only their names: never a placeholder).
 */
export const recoveryRiver: TemplateDefinition = {
  id: 'recovery-river',
  title: 'Recovery River',
  description:
    'A river with six stages, from its source to the ocean, describes stages of someone\'s recovery. For each stage, the group thinks about how someone\'s situation could affect their involvement in co-production, and what support or changes would help. People can privately mark where they feel they are; only the number at each stage is shown, never who.',
  minutes: 60,
  areas: [
    stage(1, '1. The source'),
    stage(2, '2. Upstream'),
    stage(3, '3. The rapids'),
    stage(4, '4. Calmer water'),
    stage(
      5,
      '5. The river',
      'I am feeling nervous and excited. I can manage my anxiety in a healthy way. I can cope with new situations. I am able to show up to training, talk and engage with others. I am able to learn from others. I am improving my communication skills.',
    ),
    stage(
      6,
      '6. The ocean',
      'I am comfortable and confident in the work I am doing. I may still be nervous, but I have strong coping skills and a support network. I have good listening skills. I am busy: I have a structured day and week, resilience and routine. I continue to move forward. How can I keep growing and learning?',
    ),
  ],
  steps: [
    {
      id: 'look',
      title: 'Look at the river',
      prompt: 'Look at the river from its source to the ocean. Each stage describes a point in someone\'s recovery. Does it fit your experience? What would you change?',
      mode: 'discussion',
    },
    {
      id: 'marker',
      title: 'Where are you?',
      prompt: 'If you like, place a marker on the stage where you feel you are now. Nobody sees who put a marker where, only how many are at each stage.',
      mode: 'voting',
      voteTarget: 'areas',
      voteBudget: 1,
      voteRole: 'stage',
    },
    {
      id: 'barriers',
      ...PICK_STAGE,
      title: 'What gets in the way',
      prompt: 'Pick a stage and add notes to it: how could someone\'s situation affect their ability to be involved? What barriers might there be?',
      mode: 'open',
      timerSeconds: 600,
    },
    {
      id: 'support',
      ...PICK_STAGE,
      title: 'Support and changes',
      prompt: 'What support or adjustments might be needed at this stage? Add notes to the stage.',
      mode: 'open',
      timerSeconds: 600,
    },
    {
      id: 'activities',
      ...PICK_STAGE,
      title: 'Safe activities and resources',
      prompt: 'What activities or ways of working are safe and suitable at this stage? What resources would you need to offer them?',
      mode: 'open',
      timerSeconds: 600,
    },
    {
      id: 'talk',
      title: 'Talk it through',
      prompt: 'How possible does it feel to support people\'s involvement at each stage?',
      mode: 'discussion',
    },
  ],
};
