import { FILTER_WORDS_MAX, filterWordProblem, matchedFilterWords } from '@tributary/shared/control/wordFilter';
import type { WordFilterReply } from '@tributary/shared/api';
import { Errors } from '../errors.ts';
import type { Storage, StoredWordFilter } from '../storage/types.ts';
import type { SyncExtension } from '../sync/hooks.ts';
import { STARTER_WORD_LISTS } from './wordLists.ts';

/** A room nobody changed the filter of: on, with the starter lists. */
const DEFAULT_FILTER: StoredWordFilter = { enabled: true, words: {} };

/**
 * How long a process trusts its copy of a room's filter for writes straight onto the board
 * (which are checked without waiting on storage). Another process's change is seen after this;
 * everything checked under the room's lock (posting, edits) reads storage afresh.
 */
const CACHE_MS = 30_000;
/** Rooms whose filter a process keeps a copy of; the oldest copy goes first (read again when needed). */
const CACHE_ROOMS = 10_000;

/**
 * The rooms' word filters (docs/API.md "Waiting for the facilitator"): kept with the room in
 * storage, never in a document participants receive, so nobody but the facilitator reads the
 * lists. Every language's list applies to every note: people in one room write in several.
 */
export class WordFilters {
  private readonly cache = new Map<string, { filter: StoredWordFilter; at: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the room's filter from storage (and keeps it for board writes). */
  async load(roomId: string): Promise<StoredWordFilter> {
    const filter = (await this.storage.getWordFilter(roomId)) ?? DEFAULT_FILTER;
    this.keep(roomId, filter);
    return filter;
  }

  private keep(roomId: string, filter: StoredWordFilter): void {
    this.cache.delete(roomId);
    this.cache.set(roomId, { filter, at: this.now() });
    if (this.cache.size > CACHE_ROOMS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The filter words in `text`, read from storage: for notes the server takes in. */
  async match(roomId: string, text: string): Promise<string[]> {
    return matchIn(await this.load(roomId), text);
  }

  /**
   * The filter words in `text`, from this process's copy: for writes straight onto the board,
   * which are checked synchronously. A copy older than CACHE_MS is read again in the background;
   * until a copy is there, the default (on, starter lists) holds, so nothing slips through.
   */
  matchNow(roomId: string, text: string): string[] {
    const kept = this.cache.get(roomId);
    if (!kept || this.now() - kept.at > CACHE_MS) void this.load(roomId).catch(() => undefined);
    return matchIn(kept?.filter ?? DEFAULT_FILTER, text);
  }

  /** The facilitator replaces one language's list; refuses anything but plain words. */
  async setWords(roomId: string, language: string, words: readonly string[]): Promise<void> {
    const clean: string[] = [];
    for (const word of words) {
      const problem = filterWordProblem(word);
      if (problem) throw new Errors.InvalidCommand({ command: 'filter.set', problem: `"${word.slice(0, 50)}" is not a plain word (${problem}): filter words are letters and digits only` });
      const trimmed = word.trim();
      if (!clean.some((w) => w.toLowerCase() === trimmed.toLowerCase())) clean.push(trimmed);
    }
    if (clean.length > FILTER_WORDS_MAX) throw new Errors.InvalidCommand({ command: 'filter.set', problem: `at most ${FILTER_WORDS_MAX} words per language` });
    const current = await this.load(roomId);
    await this.save(roomId, { ...current, words: { ...current.words, [language.toLowerCase()]: clean } });
  }

  async setEnabled(roomId: string, enabled: boolean): Promise<void> {
    const current = await this.load(roomId);
    await this.save(roomId, { ...current, enabled });
  }

  /** What the facilitator's settings show: on or off, and each language's list. */
  async describe(roomId: string): Promise<WordFilterReply> {
    const filter = await this.load(roomId);
    const languages = new Set([...Object.keys(STARTER_WORD_LISTS), ...Object.keys(filter.words)]);
    return {
      enabled: filter.enabled,
      languages: [...languages].map((language) => {
        const edited = filter.words[language];
        const starter = STARTER_WORD_LISTS[language];
        return { language, words: edited ?? [...(starter?.words ?? [])], starter: edited === undefined, draft: edited === undefined && (starter?.draft ?? false) };
      }),
    };
  }

  private async save(roomId: string, filter: StoredWordFilter): Promise<void> {
    await this.storage.putWordFilter(roomId, filter);
    this.keep(roomId, filter);
  }
}

/** Every language's list: the facilitator's where they edited it, else the starter list. */
function matchIn(filter: StoredWordFilter, text: string): string[] {
  if (!filter.enabled) return [];
  const lists = { ...Object.fromEntries(Object.entries(STARTER_WORD_LISTS).map(([l, s]) => [l, s.words])), ...filter.words };
  return matchedFilterWords(text, Object.values(lists).flat());
}

/** Reads a room's filter as the room loads, before anyone can write to its board. */
export function wordFilterLoader(filters: WordFilters): SyncExtension {
  return {
    name: 'word-filter-loader',
    async afterLoad(room) {
      // A storage hiccup here leaves the default (on, starter lists) until the next read.
      await filters.load(room.id).catch(() => undefined);
    },
  };
}
