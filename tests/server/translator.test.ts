import { describe, expect, test } from 'vitest';
import { compileCatalog } from '@tributary/shared/i18n/compile';
import { Errors } from '../../server/src/errors.ts';
import { readCatalogs } from '../../server/src/i18n/catalogFiles.ts';
import { catalogLanguages, supportedLanguage, templateWords, translator } from '../../server/src/i18n/translator.ts';

describe('server translator (server/src/i18n/translator.ts)', () => {
  test('reads every catalog; each compiles', () => {
    const catalogs = readCatalogs();
    expect(catalogLanguages()).toEqual(expect.arrayContaining(['en', 'cy', 'pl', 'ar']));
    for (const code of catalogs.keys()) expect(() => compileCatalog(catalogs, code)).not.toThrow();
  });

  test('translates into a language, fills values, and falls back to English', () => {
    expect(translator('cy')('templates.recoveryRiverAreaStage1Title')).toBe('1. Y tarddiad');
    expect(translator('pl')('errors.TRIB_NOTE_LIMIT', { count: 5 })).toBe(
      'Napisałeś(-aś) już wszystkie 5 kartek w tym kroku. Nadal możesz zmienić albo cofnąć te, które napisałeś(-aś).',
    );
    // No catalog for Klingon: English. No such message: the template's own words.
    expect(supportedLanguage('tlh')).toBe('en');
    expect(translator('tlh')('templates.worldCafeTitle')).toBe('World Cafe');
    expect(templateWords('cy')('templates.noSuchThing', 'Kept')).toBe('Kept');
  });
});

describe('errors carry named values beside the English message (server/src/errors.ts)', () => {
  test('the English message is as before; values are named', () => {
    const limit = new Errors.NoteLimitReached({ count: 5 });
    expect(limit.message).toBe('You have written all 5 notes for this step. You can still change or take back the ones you wrote.');
    expect(limit.values).toEqual({ count: 5 });
    expect(limit.statusCode).toBe(409);
    expect(limit.code).toBe('TRIB_NOTE_LIMIT');

    const few = new Errors.NotEnoughPeople({ minSize: 3, present: 1 });
    expect(few.message).toBe('Groups here need at least 3 people each, and only 1 person is connected right now.');
    expect(new Errors.NotEnoughPeople({ minSize: 3, present: 0 }).message).toBe('Groups here need at least 3 people each, and nobody is connected right now.');

    expect(new Errors.PostingPaused({ reason: 'listening' }).message).toBe('Listen for now: your consultants are talking about your challenge.');
    expect(new Errors.NotePlace({ reason: 'wrongRole', role: 'rung', place: 'rung', places: 'rungs' }).message).toBe(
      'Notes in this step go on a rung. Pick one of the rungs.',
    );
    // One code, two wordings: the value says which.
    expect(new Errors.TokenRevoked().message).toBe('The facilitator has taken you out of this session.');
    expect(new Errors.RemovedFromRoom().values).toEqual({ rejoin: 'no' });
    expect(new Errors.RemovedFromRoom().message).toBe('The facilitator has taken you out of this session, so this phone cannot join it again.');
    // No values, no `values`.
    expect(new Errors.JoinCodeNotFound().values).toBeUndefined();
  });

  test('every error has its words in the catalog', () => {
    const samples: Record<string, Record<string, string | number>> = {
      UnknownTemplate: { template: 'x' },
      UnknownLanguage: { language: 'x', languages: 'en' },
      NoSuchStep: { step: 9 },
      UnknownCommand: { command: 'x', commands: 'a, b' },
      InvalidCommand: { command: 'x', problem: 'y' },
      NoteLimitReached: { count: 2 },
      NotEnoughPeople: { minSize: 3, present: 2 },
      TooManySteps: { max: 50 },
      NotVotedOn: { role: 'solution', places: 'solutions' },
    };
    for (const [name, ErrorClass] of Object.entries(Errors)) {
      const error = new (ErrorClass as unknown as new (values?: object) => Error & { code: string })(samples[name] ?? { reason: 'other', role: 'stage', place: 'stage', places: 'stages' });
      expect(error.message, name).not.toBe(`errors.${error.code}`);
      expect(error.message, name).not.toMatch(/[{}]/);
    }
  });
});
