import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/helpers/ → ../..). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
