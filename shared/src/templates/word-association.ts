import type { TemplateDefinition } from './types.ts';

/** Word Association (toolkit section 1E): break a big topic into sub-themes. */
export const wordAssociation: TemplateDefinition = {
  id: 'word-association',
  title: 'Word Association',
  description:
    'Break a big or difficult topic, like "mental health" or "power", into smaller themes. Everyone writes up to five words on their own, then all the words appear together and the group sorts them into themes to explore one by one.',
  minutes: 30,
  areas: [
    { key: 'words', title: 'Words', rect: { x: 0, y: 0, w: 1600, h: 720 }, color: 'sand', description: 'Everyone\'s words, shown together once they are revealed.', role: 'words' },
    { key: 'theme-1', title: 'Theme 1 (give it a name)', rect: { x: 0, y: 780, w: 520, h: 720 }, color: 'sky', role: 'theme' },
    { key: 'theme-2', title: 'Theme 2 (give it a name)', rect: { x: 540, y: 780, w: 520, h: 720 }, color: 'mint', role: 'theme' },
    { key: 'theme-3', title: 'Theme 3 (give it a name)', rect: { x: 1080, y: 780, w: 520, h: 720 }, color: 'rose', role: 'theme' },
  ],
  steps: [
    {
      id: 'topic',
      title: 'The topic',
      prompt: 'Our topic today is: mental health. Take a moment to think about what this word brings to mind for you.',
      mode: 'discussion',
    },
    {
      id: 'write',
      title: 'Write your words',
      prompt: 'Write up to five words about the topic, one word on each note. Nobody sees your words until everyone is ready.',
      mode: 'private',
      areaKey: 'words',
      maxNotesPerPerson: 5,
      timerSeconds: 180,
    },
    {
      id: 'look',
      title: 'Look at all the words',
      prompt: 'Here are everyone\'s words. Which words come up more than once? Which ones go together?',
      mode: 'discussion',
      areaKey: 'words',
    },
    {
      id: 'themes',
      title: 'Group into themes',
      prompt: 'Together, move words that belong together into a theme, and give each theme a short name. Add another theme if you need one.',
      mode: 'open',
      // A word added now joins the others in the Words area, ready to be moved into a theme.
      areaKey: 'words',
      timerSeconds: 600,
      // Everyone may move everyone's words here; outside this step people move only their own notes.
      arrange: true,
    },
    {
      id: 'choose',
      title: 'Choose what to explore',
      prompt: 'Put your dots on the words or themes you most want to talk about next.',
      mode: 'voting',
      voteBudget: 3,
    },
  ],
};
