import type { FastifyInstance } from 'fastify';
import { readControl } from '@tributary/shared/control/state';
import { Errors } from '../errors.ts';
import { catalogLanguages } from './translator.ts';

/**
 * The catalog code for `code` (matched without regard to case), or a 400 naming the languages
 * there are. A room's default language is one of the catalogs in shared/src/i18n/locales: adding
 * a language file adds it here too.
 */
export function checkRoomLanguage(code: string): string {
  const languages = catalogLanguages();
  const known = languages.find((language) => language.toLowerCase() === code.toLowerCase());
  if (!known) throw new Errors.UnknownLanguage({ language: code, languages: [...languages].sort().join(', ') });
  return known;
}

/** The room's default language, which lives in control (only the server writes it). */
export function roomLanguage(app: FastifyInstance, roomId: string): Promise<string | null> {
  return app.sync.withRoom(roomId, (room) => readControl(room.doc('control')).language);
}
