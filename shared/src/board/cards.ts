/**
 * User Manual cards: one note holds a whole card, each prompt on its own line followed by the
 * person's answer, answers separated by a blank line. One format, written by the phone
 * (cardText) and read back whole by every place that shows cards (cardSections).
 */

export { cardText } from './cardText.ts';

export interface CardSection {
  /** The card's question, or null for text that does not start with one. */
  prompt: string | null;
  answer: string;
}

/**
 * A card note read back as its questions and answers, every one of them (never only the first).
 * A part counts as an answer to a prompt only when its first line is one of `prompts` (the room's
 * card prompts), so an ordinary note is one section without a prompt.
 */
export function cardSections(text: string, prompts: readonly string[]): CardSection[] {
  const known = new Set(prompts.map((p) => p.trim()).filter(Boolean));
  const out: CardSection[] = [];
  for (const part of text.split(/\r?\n\s*\r?\n/)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const newline = trimmed.indexOf('\n');
    const first = (newline < 0 ? trimmed : trimmed.slice(0, newline)).trim();
    if (known.has(first)) out.push({ prompt: first, answer: newline < 0 ? '' : trimmed.slice(newline + 1).trim() });
    else if (out.length > 0) out[out.length - 1]!.answer += `\n\n${trimmed}`;
    else out.push({ prompt: null, answer: trimmed });
  }
  return out;
}

/** Whether a note is a card: its text answers at least one of the room's card prompts. */
export function isCard(text: string, prompts: readonly string[]): boolean {
  return prompts.length > 0 && cardSections(text, prompts).some((s) => s.prompt !== null);
}

/** Every card prompt of the room's script, in order, once each. */
export function cardPrompts(steps: ReadonlyArray<{ prompts?: string[] }>): string[] {
  return [...new Set(steps.flatMap((s) => s.prompts ?? []))];
}
