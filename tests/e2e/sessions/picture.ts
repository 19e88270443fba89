import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotDir } from '../../helpers/workshop.ts';

/** A PNG's size in pixels, read from its header. */
export function pngSize(file: string): { width: number; height: number } {
  const head = fs.readFileSync(file).subarray(0, 24);
  if (head.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/**
 * The facilitator presses "Download picture of the board"; the file is kept beside the
 * screenshots as <name>.png, to be looked at.
 */
export async function downloadPicture(facilitator: Page, name: string): Promise<{ file: string; width: number; height: number }> {
  const [download] = await Promise.all([
    facilitator.waitForEvent('download', { timeout: 15_000 }),
    facilitator.getByRole('button', { name: /Download picture of the board/ }).click(),
  ]);
  const dir = screenshotDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await download.saveAs(file);
  return { file, ...pngSize(file) };
}
