/**
 * How a User Manual card is written into one note: each prompt on its own line followed by the
 * person's answer, answers separated by a blank line. Apart from cards.ts (which reads cards back)
 * so the phone that writes cards carries only this (docs/ARCHITECTURE.md, "Phone budget").
 */

/** The card's answers as one note: each prompt, then its answer; empty answers are skipped. */
export function cardText(prompts: readonly string[], answers: Readonly<Record<string, string>>): string {
  return prompts
    .map((prompt) => ({ prompt: prompt.trim(), answer: (answers[prompt] ?? '').trim() }))
    .filter((p) => p.answer !== '')
    .map((p) => `${p.prompt}\n${p.answer}`)
    .join('\n\n');
}
