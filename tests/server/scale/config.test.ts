// Starts its own server (not the fixture's): what it tests is a start that must fail.
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { configFromEnv, startServer } from '../../../server/src/index.ts';
import { makeTempDir } from '../../helpers/server.ts';

describe('scale-out configuration', () => {
  test('REDIS_URL without DATABASE_URL is refused with a reason', () => {
    expect(() => configFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL is set but DATABASE_URL is not/);
    expect(configFromEnv({ DATABASE_URL: 'postgres://x@h/db' })).toMatchObject({ databaseUrl: 'postgres://x@h/db', redisUrl: null });
    expect(configFromEnv({})).toMatchObject({ databaseUrl: null, redisUrl: null, redisPrefix: 'tributary:' });
    expect(configFromEnv({ DATABASE_URL: 'postgres://h/db', DATABASE_SCHEMA: 'one', REDIS_URL: 'redis://h', REDIS_PREFIX: 'x:' })).toMatchObject({
      databaseSchema: 'one',
      redisPrefix: 'x:',
    });
  });

  test('an unreachable database stops the start with a message naming DATABASE_URL (password hidden)', async () => {
    const dataDir = makeTempDir();
    try {
      await expect(
        startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', serveClient: false, dataDir, databaseUrl: 'postgres://u:secret@127.0.0.1:1/nothing' }),
      ).rejects.toThrow(/DATABASE_URL \(postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/nothing\)/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
