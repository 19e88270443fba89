import { activeLanguage, languageMeta, t } from '../i18n/i18n.ts';
import type { Note } from '@tributary/shared/board/note';
import type { BoardStore } from '../sync/boardStore.ts';
import { Store } from '../sync/store.ts';
import { NewNoteBatcher } from '../sync/newNotes.ts';
import { canReadAloud } from './canReadAloud.ts';
import { noteSpeech, readAloudState, type ReadAloudState } from './readAloudState.ts';

/**
 * Reading notes, cards and prompts aloud with the browser's own speech synthesis: the words are
 * spoken by the device and never leave it. One reader per page, so two things are never spoken
 * at once: "Read aloud" on an item interrupts whatever is playing, "Read all new notes" queues.
 *
 * This part loads on first use (readAloudState.ts is what the buttons need at once), so the
 * phone's first load stays small. (timerSpeech.ts is different: it writes the timer's words for
 * the person's screen reader.)
 */

/** What this module needs of a voice (SpeechSynthesisVoice). */
export interface VoiceLike {
  readonly lang: string;
  readonly name: string;
  readonly default?: boolean;
  /** False for voices that send the text to a server to be spoken: those are never chosen. */
  readonly localService?: boolean;
}

/** What this module needs of an utterance (SpeechSynthesisUtterance). */
export interface UtteranceLike {
  text: string;
  lang: string;
  voice: VoiceLike | null;
  onend: ((event: unknown) => unknown) | null;
  onerror: ((event: unknown) => unknown) | null;
}

/** What this module needs of `window.speechSynthesis`: tests pass a fake. */
export interface SynthLike {
  speak(utterance: UtteranceLike): void;
  cancel(): void;
  getVoices(): readonly VoiceLike[];
}

export interface ReadAloudOptions {
  synth: SynthLike;
  makeUtterance: (text: string) => UtteranceLike;
  /** The person's language now (BCP 47); read each time something is spoken. */
  language?: () => string;
  /**
   * Calls `resume` once, at the person's next tap or key press. Browsers refuse to speak before
   * the person has touched the page ("Read all new notes" remembered from an earlier visit).
   */
  onNextTap?: (resume: () => void) => void;
  /** Where the buttons read what is playing (the page's shared store; a fresh one by default). */
  state?: Store<ReadAloudState>;
}

function nextTapOnPage(resume: () => void): void {
  const once = () => {
    globalThis.removeEventListener('pointerdown', once, true);
    globalThis.removeEventListener('keydown', once, true);
    resume();
  };
  globalThis.addEventListener('pointerdown', once, true);
  globalThis.addEventListener('keydown', once, true);
}

const normal = (lang: string) => lang.replace(/_/g, '-').toLowerCase();

/**
 * The voice for `lang`: one on this device, the exact language before the same language
 * elsewhere ("cy-GB" for "cy"), the device's default among equals. Null when there is none.
 */
export function pickVoice(voices: readonly VoiceLike[], lang: string): VoiceLike | null {
  const want = normal(lang);
  const base = want.split('-')[0]!;
  const local = voices.filter((voice) => voice.localService !== false);
  const rank = (voice: VoiceLike) => {
    const have = normal(voice.lang);
    if (have === want) return 0;
    if (have.split('-')[0] === base) return 1;
    return 2;
  };
  const best = local
    .filter((voice) => rank(voice) < 2)
    .sort((a, b) => rank(a) - rank(b) || Number(Boolean(b.default)) - Number(Boolean(a.default)));
  return best[0] ?? null;
}

/** The device's own default voice (never one that sends the words away), or null to let it choose. */
function fallbackVoice(voices: readonly VoiceLike[]): VoiceLike | null {
  const local = voices.filter((voice) => voice.localService !== false);
  return local.find((voice) => voice.default) ?? local[0] ?? null;
}

export class ReadAloud {
  readonly state: Store<ReadAloudState>;
  private queue: Array<{ key: string; text: string }> = [];
  private current: UtteranceLike | null = null;
  private noticed = new Set<string>();
  private waitingForTap = false;
  private readonly language: () => string;

  constructor(private readonly options: ReadAloudOptions) {
    this.language = options.language ?? (() => activeLanguage().code);
    this.state = options.state ?? new Store<ReadAloudState>({ playing: null, notice: null });
  }

  /** "Read aloud" on one item: stops whatever is playing and reads it; on the playing item, stops. */
  toggle(key: string, text: string): void {
    if (this.state.get().playing === key) {
      this.stop();
      return;
    }
    this.queue = [];
    this.speakNow(key, text);
  }

  /** Reads `text` after what is playing and queued; an item already playing or waiting is not added twice. */
  enqueue(key: string, text: string): void {
    if (!text.trim()) return;
    if (this.state.get().playing === key || this.queue.some((item) => item.key === key)) return;
    if (this.current) this.queue.push({ key, text });
    else this.speakNow(key, text);
  }

  /** Silence, and nothing left waiting. */
  stop(): void {
    this.queue = [];
    this.current = null;
    this.options.synth.cancel();
    this.setState({ playing: null });
  }

  /** The waiting items' keys, in the order they will be read (for tests and the toggle). */
  get waiting(): string[] {
    return this.queue.map((item) => item.key);
  }

  private speakNow(key: string, text: string): void {
    if (!text.trim()) return;
    // Forget the old utterance before cancelling: its late `end` event must not start the next.
    this.current = null;
    this.options.synth.cancel();
    const lang = this.language();
    const utterance = this.options.makeUtterance(text);
    utterance.lang = lang;
    const voices = this.options.synth.getVoices();
    const voice = pickVoice(voices, lang);
    // No voices listed yet (some browsers load them late): the lang alone lets the device choose.
    if (!voice && voices.length > 0) {
      utterance.voice = fallbackVoice(voices);
      this.sayNoVoiceOnce(lang);
    } else {
      utterance.voice = voice;
    }
    const finished = (event: unknown) => {
      if (this.current !== utterance) return;
      this.current = null;
      if ((event as { error?: string } | null)?.error === 'not-allowed') {
        this.queue.unshift({ key, text });
        this.setState({ playing: null, notice: t('board.readAloudTapToStart') });
        this.resumeAtNextTap();
        return;
      }
      const next = this.queue.shift();
      if (next) this.speakNow(next.key, next.text);
      else this.setState({ playing: null });
    };
    utterance.onend = finished;
    utterance.onerror = finished;
    this.current = utterance;
    this.setState({ playing: key });
    this.options.synth.speak(utterance);
  }

  private resumeAtNextTap(): void {
    if (this.waitingForTap) return;
    this.waitingForTap = true;
    (this.options.onNextTap ?? nextTapOnPage)(() => {
      this.waitingForTap = false;
      if (this.state.get().notice === t('board.readAloudTapToStart')) this.setState({ notice: null });
      const next = this.current ? undefined : this.queue.shift();
      if (next) this.speakNow(next.key, next.text);
    });
  }

  private sayNoVoiceOnce(lang: string): void {
    const code = normal(lang);
    if (this.noticed.has(code)) return;
    this.noticed.add(code);
    this.setState({ notice: t('board.readAloudNoVoice', { language: languageMeta(lang).name }) });
  }

  private setState(patch: Partial<ReadAloudState>): void {
    this.state.set({ ...this.state.get(), ...patch });
  }
}

let shared: ReadAloud | null | undefined;

/** The page's reader, or null when this browser cannot speak (then no button is shown). */
export function readAloud(): ReadAloud | null {
  if (shared !== undefined) return shared;
  const synth = (globalThis as { speechSynthesis?: SynthLike }).speechSynthesis;
  const Utterance = (globalThis as { SpeechSynthesisUtterance?: new (text: string) => UtteranceLike }).SpeechSynthesisUtterance;
  shared = synth && Utterance && canReadAloud() ? new ReadAloud({ synth, makeUtterance: (text) => new Utterance(text), state: readAloudState }) : null;
  return shared;
}

/**
 * Reads the notes that appear after it starts, one after another, oldest first; the ones
 * already on the board are not news. Call `update` with the board's notes after each change.
 */
export class NewNotesReader {
  private readonly batcher: NewNoteBatcher;

  constructor(
    private readonly reader: ReadAloud,
    initial: Iterable<Note>,
  ) {
    this.batcher = new NewNoteBatcher(initial);
  }

  update(notes: ReadonlyMap<string, Note>): void {
    this.batcher.update(notes.values());
    const fresh = this.batcher.take(notes).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    for (const note of fresh) this.reader.enqueue(note.id, noteSpeech(note));
  }
}

/** Reads the notes that appear on `store` and are not among `known`; answers how to stop. */
export function readNewNotes(store: BoardStore, known: Iterable<Note>): () => void {
  const reader = readAloud();
  if (!reader) return () => {};
  const watcher = new NewNotesReader(reader, known);
  watcher.update(store.get().notes);
  return store.subscribe(() => watcher.update(store.get().notes));
}
