/**
 * The server's errors and board refusals in this person's language (client/src/sync/wording.ts):
 * `errors.<code>` with the reply's named `values`, `refusals.<label>`; the server's English when
 * the catalog has no such message. Views that can show them load the `errors` (and `refusals`)
 * namespaces with `withMessages` (main.tsx).
 */
import { setServerWording } from '../sync/wording.ts';
import { t, type MessageId, type MessageValues } from './i18n.ts';

/** The catalog's text for `id`, or `english` when no catalog has it (lingui answers the id). */
function catalogText(id: string, values: MessageValues | undefined, english: string): string {
  const text = t(id as MessageId, values);
  return text === id ? english : text;
}

/** `not-your-note` → `notYourNote`, as message ids are written. */
const camel = (label: string) => label.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

setServerWording({
  error: (code, values, english) => catalogText(`errors.${code}`, values, english),
  refusal: (label, english) => catalogText(`refusals.${camel(label)}`, undefined, english),
});
