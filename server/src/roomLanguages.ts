import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readControl } from '@tributary/shared';
import type { CatalogFile } from '@tributary/shared/i18n/catalog';
import { Errors } from './errors.ts';

/**
 * The languages a room may default to: every catalog in shared/src/i18n/locales that a person can
 * pick (its `meta`, read once at start-up). Adding a language file adds it here too.
 */
const LOCALES_DIR = fileURLToPath(new URL('../../shared/src/i18n/locales', import.meta.url));

function readRoomLanguages(): readonly string[] {
  return readdirSync(LOCALES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => (JSON.parse(readFileSync(path.join(LOCALES_DIR, file), 'utf8')) as CatalogFile).meta)
    .filter((meta) => !meta.hidden)
    .map((meta) => meta.code)
    .sort();
}

export const ROOM_LANGUAGES: readonly string[] = readRoomLanguages();

/** The catalog code for `code` (matched without regard to case), or a 400 naming the ones there are. */
export function checkRoomLanguage(code: string): string {
  const known = ROOM_LANGUAGES.find((language) => language.toLowerCase() === code.toLowerCase());
  if (!known) throw new Errors.UnknownLanguage(code, ROOM_LANGUAGES.join(', '));
  return known;
}

/** The room's default language, which lives in control (only the server writes it). */
export function roomLanguage(app: FastifyInstance, roomId: string): Promise<string | null> {
  return app.sync.withRoom(roomId, (room) => readControl(room.doc('control')).language);
}
