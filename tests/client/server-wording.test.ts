import { afterAll, describe, expect, test } from 'vitest';
import { ApiError } from '../../client/src/sync/api.ts';
import { refusedWriteFromClose } from '../../client/src/sync/boardRefusal.ts';
import { setServerWording } from '../../client/src/sync/wording.ts';
import { setLanguage, withMessages } from '../../client/src/i18n/i18n.ts';
import '../../client/src/i18n/serverWording.ts';
import { CloseCode } from '@tributary/shared/protocol';

/**
 * The client words the server's errors and refusals in the person's language: the catalog's
 * `errors.<code>` with the reply's named `values`, else the server's English `message`.
 */
describe('server errors and refusals in the person language (client/src/i18n/serverWording.ts)', () => {
  afterAll(async () => {
    await setLanguage('en');
  });

  test('a 404 wrong join code, in Polish', async () => {
    await withMessages(Promise.resolve(), 'errors', 'refusals');
    await setLanguage('pl');
    const error = new ApiError(404, "We couldn't find a room with that code. Check the code and try again.", 'TRIB_JOIN_CODE_NOT_FOUND');
    expect(error.message).toBe('Nie znaleźliśmy pokoju z tym kodem. Sprawdź kod i spróbuj jeszcze raz.');
    expect(error.serverMessage).toMatch(/^We couldn't find/);
  });

  test("the facilitator's own errors ship in `facilitatorErrors`, not in the phone's `errors` (scripts/viteMessages.ts)", async () => {
    const phone = (await import('virtual:tributary-messages/pl/errors')).default;
    const facilitator = (await import('virtual:tributary-messages/pl/facilitatorErrors')).default;
    expect(Object.keys(phone)).toContain('errors.TRIB_JOIN_CODE_NOT_FOUND');
    expect(Object.keys(phone)).not.toContain('errors.TRIB_LIBRARY_FULL');
    expect(Object.keys(facilitator)).toContain('errors.TRIB_LIBRARY_FULL');
    expect(Object.keys(facilitator)).not.toContain('errors.TRIB_JOIN_CODE_NOT_FOUND');
    // Together they are every error message, the same ids the server words them by.
    const english = (await import('../../shared/src/i18n/locales/en.json')).default.messages;
    const errorIds = Object.keys(english).filter((id) => id.startsWith('errors.'));
    expect([...Object.keys(phone), ...Object.keys(facilitator)].sort()).toEqual(errorIds.sort());
    // Loaded as the home and facilitator pages load it, it words the reply.
    await withMessages(Promise.resolve(), 'facilitatorErrors');
    await setLanguage('pl');
    expect(new ApiError(413, 'Your library is full…', 'TRIB_LIBRARY_FULL', { max: 50 }).message).toBe(
      'Twoja biblioteka jest pełna: mieści 50 metod. Najpierw usuń jedną, której już nie używasz.',
    );
  });

  test('values fill the translation, by name', async () => {
    await setLanguage('cy');
    const error = new ApiError(409, 'You have written all 5 notes…', 'TRIB_NOTE_LIMIT', { count: 5 });
    expect(error.message).toBe("Rydych chi wedi ysgrifennu pob un o'r 5 nodyn ar gyfer y cam hwn. Gallwch chi dal newid neu dynnu'n ôl y rhai a ysgrifennoch chi.");
    const paused = new ApiError(403, 'Listen for now…', 'TRIB_POSTING_PAUSED', { reason: 'listening' });
    expect(paused.message).toBe('Gwrandewch am y tro: mae eich ymgynghorwyr yn siarad am eich her.');
  });

  test("a code the catalogs do not know shows the server's English", async () => {
    await setLanguage('ar');
    expect(new ApiError(418, 'Something new from a newer server.', 'TRIB_SOMETHING_NEW').message).toBe('Something new from a newer server.');
    expect(new ApiError(500, 'Something went wrong (500).', 'HTTP').message).toBe('Something went wrong (500).');
  });

  test('a board refusal, in Arabic', async () => {
    await setLanguage('ar');
    expect(refusedWriteFromClose(CloseCode.Forbidden, 'locked: The facilitator has paused changes to the board for now.')?.message).toBe(
      'أوقف الميسّر التغييرات على اللوح مؤقتاً.',
    );
  });

  // Last: it takes the i18n layer's wording away.
  test('without the i18n layer (tests of sync alone): English', () => {
    setServerWording(null);
    expect(new ApiError(404, 'English words', 'TRIB_JOIN_CODE_NOT_FOUND').message).toBe('English words');
  });
});
