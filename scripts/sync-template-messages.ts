// Writes every method template's English words into en.json's `templates.*` messages (ids from
// shared/src/templates/messages.ts), keeping the messages sorted. Run it after changing a
// template's texts: `node --import tsx scripts/sync-template-messages.ts`; then translate the new
// or changed ids in the other languages. tests/shared/template-messages.test.ts fails until it is run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES, templateMessages } from '../shared/src/templates/index.ts';
import { LOCALES_DIR } from '../server/src/i18n/catalogFiles.ts';
import type { CatalogFile } from '../shared/src/i18n/catalog.ts';

const file = path.join(LOCALES_DIR, 'en.json');
const catalog = JSON.parse(readFileSync(file, 'utf8')) as CatalogFile;
const kept = Object.entries(catalog.messages).filter(([id]) => !id.startsWith('templates.'));
const fromTemplates = TEMPLATES.flatMap((template) => Object.entries(templateMessages(template)));
const messages = Object.fromEntries([...kept, ...fromTemplates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(file, `${JSON.stringify({ ...catalog, messages }, null, 2)}\n`);
console.log(`${file}: ${fromTemplates.length} template messages`);
