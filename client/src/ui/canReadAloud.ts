// Apart from readAloudState.ts so the phone's first load carries this check alone
// (client/src/ui/readAloudLater.tsx); the rest of read aloud loads as a part.

/** Whether this browser can speak at all; where it cannot, no button is shown. */
export function canReadAloud(): boolean {
  const page = globalThis as { speechSynthesis?: unknown; SpeechSynthesisUtterance?: unknown };
  return Boolean(page.speechSynthesis) && typeof page.SpeechSynthesisUtterance === 'function';
}
