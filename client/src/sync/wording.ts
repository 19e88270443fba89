import type { MessageValues } from '@tributary/shared/i18n/catalog';

/**
 * How the server's words reach the person: an error reply (`code`, English `message`, named
 * `values`) and a board refusal (its label). The i18n layer sets this when the app starts
 * (client/src/i18n/serverWording.ts), so this folder stays free of React; until then, and for
 * anything the catalogs lack, the server's English is shown.
 */
export interface ServerWording {
  error(code: string, values: MessageValues | undefined, english: string): string;
  refusal(label: string, english: string): string;
}

const ENGLISH: ServerWording = { error: (_code, _values, english) => english, refusal: (_label, english) => english };
let wording: ServerWording = ENGLISH;

export function setServerWording(next: ServerWording | null): void {
  wording = next ?? ENGLISH;
}

export function serverWording(): ServerWording {
  return wording;
}
