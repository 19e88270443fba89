import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ROOT_DIR } from './paths.ts';

/** The production build the server serves (`npm run build`). */
export const DIST = path.join(ROOT_DIR, 'client', 'dist');

/** Fails (never skips) when there is no build: the message says how to make one. */
export function assertBuilt(dist = DIST): void {
  if (!fs.existsSync(path.join(dist, '.vite', 'manifest.json'))) {
    throw new Error(`${path.relative(ROOT_DIR, dist)} (with .vite/manifest.json) is missing: run \`npm run build\` first`);
  }
}

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire (still compressed, if they were). */
  wire: Buffer;
  /** The body with its Content-Encoding undone. */
  body: Buffer;
}

/**
 * A GET that sends exactly the headers given (fetch would add `Accept-Encoding` itself and hide
 * the compressed bytes), and keeps both what came over the wire and what it decodes to.
 */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const body = encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, body });
      });
    });
    req.on('error', reject);
  });
}

/** Whether a Vary header names Accept-Encoding. */
export function variesOnEncoding(headers: http.IncomingHttpHeaders): boolean {
  return /(^|,)\s*accept-encoding\s*(,|$)/i.test(String(headers.vary ?? ''));
}
