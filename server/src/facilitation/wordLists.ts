/**
 * The word filter's starter lists, one per catalog language, used in every room until its
 * facilitator edits that language's list. Kept short on purpose: they catch the common swear
 * words people expect a filter to catch; a facilitator adds the words their group needs.
 * Only the server reads them (they are never sent to participants' phones).
 *
 * `draft: true`: no native speaker has checked the list yet (docs/TRANSLATING.md); the
 * facilitator's settings say so beside it.
 */
export interface StarterList {
  words: readonly string[];
  draft: boolean;
}

export const STARTER_WORD_LISTS: Readonly<Record<string, StarterList>> = {
  en: {
    draft: false,
    words: ['fuck', 'fucking', 'fucker', 'motherfucker', 'shit', 'shitty', 'bullshit', 'cunt', 'bitch', 'bastard', 'arsehole', 'asshole', 'wanker', 'twat', 'dickhead', 'prick', 'slag', 'whore', 'slut'],
  },
  // Drafts: to be checked by a native speaker (docs/TRANSLATING.md).
  cy: { draft: true, words: ['cachu', 'ffwcio', 'ffycin', 'bastad'] },
  pl: { draft: true, words: ['kurwa', 'kurwy', 'chuj', 'chuja', 'pierdolić', 'pierdol', 'jebać', 'jebany', 'skurwysyn', 'pizda'] },
  ar: { draft: true, words: ['خرا', 'شرموطة', 'منيوك', 'كس'] },
};
