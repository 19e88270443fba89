// Unit tests of client modules read their words through `t()`: load every English namespace
// first, as a view's `withMessages` would, so they see the English text (not message ids).
import { beforeAll } from 'vitest';
import { loaders } from 'virtual:tributary-languages';
import { withMessages } from '../../client/src/i18n/i18n.ts';

beforeAll(async () => {
  await withMessages(Promise.resolve(null), ...Object.keys(loaders.en ?? {}));
});
