import { describe, expect, it } from 'vitest';
import type { Note } from '@tributary/shared/board/note';
import { NewNotesReader, ReadAloud, pickVoice, type SynthLike, type UtteranceLike, type VoiceLike } from '../../client/src/ui/readAloud.ts';
import { firstWords, noteSpeech } from '../../client/src/ui/readAloudState.ts';

/** A speechSynthesis that speaks nothing: it records what it was asked, and `finish()` ends the current utterance. */
class FakeSynth implements SynthLike {
  spoken: UtteranceLike[] = [];
  cancels = 0;
  /** Utterances started and not yet ended or cancelled. */
  active: UtteranceLike[] = [];
  constructor(public voices: VoiceLike[] = []) {}
  speak(utterance: UtteranceLike): void {
    this.spoken.push(utterance);
    this.active.push(utterance);
  }
  cancel(): void {
    this.cancels++;
    // As browsers do: a cancelled utterance still fires its end event, later.
    const cancelled = this.active.splice(0);
    queueMicrotask(() => cancelled.forEach((u) => u.onerror?.({ error: 'interrupted' })));
  }
  getVoices(): readonly VoiceLike[] {
    return this.voices;
  }
  finish(): void {
    const utterance = this.active.shift();
    utterance?.onend?.({});
  }
  get texts(): string[] {
    return this.spoken.map((u) => u.text);
  }
}

function reader(synth: FakeSynth, language = 'en'): ReadAloud {
  return new ReadAloud({ synth, makeUtterance: (text) => ({ text, lang: '', voice: null, onend: null, onerror: null }), language: () => language });
}

let n = 0;
function note(partial: Partial<Note> = {}): Note {
  n++;
  return { id: `n${n}`, text: `note ${n}`, pos: { x: 0, y: 0 }, color: 'yellow', areaId: null, anonymous: false, createdAt: 1000 + n, ...partial };
}
const board = (...notes: Note[]) => new Map(notes.map((x) => [x.id, x]));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('read aloud: one item', () => {
  it('reads an item in the person’s language, and a second press on it stops', () => {
    const synth = new FakeSynth();
    const aloud = reader(synth, 'cy');
    aloud.toggle('prompt', 'Beth sy’n helpu?');
    expect(synth.texts).toEqual(['Beth sy’n helpu?']);
    expect(synth.spoken[0]!.lang).toBe('cy');
    expect(aloud.state.get().playing).toBe('prompt');
    aloud.toggle('prompt', 'Beth sy’n helpu?');
    expect(aloud.state.get().playing).toBeNull();
    expect(synth.cancels).toBeGreaterThan(0);
    expect(synth.texts).toHaveLength(1);
  });

  it('another item interrupts the one playing and what was waiting; the old end event does not start anything', async () => {
    const synth = new FakeSynth();
    const aloud = reader(synth);
    aloud.enqueue('a', 'first');
    aloud.enqueue('b', 'second');
    aloud.toggle('c', 'pressed');
    await settle(); // the cancelled utterance's late event
    expect(synth.texts).toEqual(['first', 'pressed']);
    expect(aloud.waiting).toEqual([]);
    synth.finish();
    expect(aloud.state.get().playing).toBeNull();
    expect(synth.texts).toEqual(['first', 'pressed']);
  });

  it('reads nothing for empty words', () => {
    const synth = new FakeSynth();
    const aloud = reader(synth);
    aloud.toggle('x', '   ');
    aloud.enqueue('y', '');
    expect(synth.spoken).toEqual([]);
  });
});

describe('read aloud: the queue', () => {
  it('reads one after another, never two at once, each only once', () => {
    const synth = new FakeSynth();
    const aloud = reader(synth);
    aloud.enqueue('a', 'one');
    aloud.enqueue('b', 'two');
    aloud.enqueue('a', 'one');
    aloud.enqueue('b', 'two');
    aloud.enqueue('c', 'three');
    expect(synth.texts).toEqual(['one']);
    expect(aloud.waiting).toEqual(['b', 'c']);
    synth.finish();
    expect(synth.texts).toEqual(['one', 'two']);
    expect(synth.active).toHaveLength(1);
    synth.finish();
    synth.finish();
    expect(synth.texts).toEqual(['one', 'two', 'three']);
    expect(aloud.state.get().playing).toBeNull();
  });

  it('stop empties the queue', () => {
    const synth = new FakeSynth();
    const aloud = reader(synth);
    aloud.enqueue('a', 'one');
    aloud.enqueue('b', 'two');
    aloud.stop();
    synth.finish();
    expect(synth.texts).toEqual(['one']);
    expect(aloud.waiting).toEqual([]);
  });
});

describe('read all new notes', () => {
  it('reads only notes that appear after it starts, oldest first, once each', () => {
    const synth = new FakeSynth();
    const aloud = reader(synth);
    const old = note({ text: 'already there' });
    const watcher = new NewNotesReader(aloud, [old]);
    const later = note({ text: 'second', createdAt: 5000 });
    const earlier = note({ text: 'first', createdAt: 4000 });
    // The board's map lists them in any order: the reader goes by when they were posted.
    watcher.update(board(old, later, earlier));
    watcher.update(board(old, later, earlier));
    synth.finish();
    synth.finish();
    watcher.update(board(old, later, earlier));
    expect(synth.texts).toEqual(['first', 'second']);
  });

  it('says the name of a named note, never a name on an anonymous one', () => {
    const synth = new FakeSynth();
    const aloud = reader(synth);
    const watcher = new NewNotesReader(aloud, []);
    const named = note({ text: 'Bus passes', authorName: 'Sam', createdAt: 1 });
    const anonymous = note({ text: 'Nobody listens', anonymous: true, createdAt: 2 });
    // A faulty record carrying a name on an anonymous note: still read without it.
    const faulty = note({ text: 'Quiet room', anonymous: true, authorName: 'Alex', createdAt: 3 });
    watcher.update(board(named, anonymous, faulty));
    synth.finish();
    synth.finish();
    expect(synth.texts).toEqual(['Sam wrote: Bus passes', 'Nobody listens', 'Quiet room']);
    expect(synth.texts.join(' ')).not.toContain('Alex');
  });

  it('reads a picture note’s description, or says it is a picture not described yet', () => {
    expect(noteSpeech({ text: 'A river drawn in blue', anonymous: true, imageId: 'img_1' })).toBe('A river drawn in blue');
    expect(noteSpeech({ text: '', anonymous: true, imageId: 'img_1' })).toBe('A picture, not described yet');
    expect(noteSpeech({ text: '  ', anonymous: false })).toBe('');
  });
});

describe('read aloud: the voice', () => {
  const english: VoiceLike = { lang: 'en-GB', name: 'Daniel', default: true, localService: true };
  const welsh: VoiceLike = { lang: 'cy-GB', name: 'Gwyneth', localService: true };
  const remoteWelsh: VoiceLike = { lang: 'cy', name: 'Online Welsh', localService: false };
  const polishExact: VoiceLike = { lang: 'pl_PL', name: 'Zosia', localService: true };

  it('picks a voice on the device for the language: the exact language first, never one that sends the words away', () => {
    expect(pickVoice([english, welsh], 'cy')?.name).toBe('Gwyneth');
    expect(pickVoice([english, remoteWelsh], 'cy')).toBeNull();
    expect(pickVoice([english, { lang: 'en-US', name: 'Alex', localService: true }], 'en-US')?.name).toBe('Alex');
    expect(pickVoice([polishExact], 'pl-PL')?.name).toBe('Zosia');
    expect(pickVoice([english], 'ar')).toBeNull();
  });

  it('uses the matching voice and sets the utterance language', () => {
    const synth = new FakeSynth([english, welsh]);
    const aloud = reader(synth, 'cy');
    aloud.toggle('p', 'Croeso');
    expect(synth.spoken[0]!.voice?.name).toBe('Gwyneth');
    expect(synth.spoken[0]!.lang).toBe('cy');
    expect(aloud.state.get().notice).toBeNull();
  });

  it('without a voice for the language: says so once, and reads in the device’s own voice', () => {
    const synth = new FakeSynth([english, remoteWelsh]);
    const aloud = reader(synth, 'cy');
    aloud.toggle('p', 'Croeso');
    expect(synth.spoken[0]!.voice?.name).toBe('Daniel');
    expect(synth.spoken[0]!.lang).toBe('cy');
    const notice = aloud.state.get().notice;
    expect(notice).toContain('Cymraeg');
    aloud.stop();
    aloud.toggle('q', 'Eto');
    expect(aloud.state.get().notice).toBe(notice);
    expect(synth.spoken[1]!.voice?.name).toBe('Daniel');
  });

  it('before the device lists its voices: no notice, the language alone chooses', () => {
    const synth = new FakeSynth([]);
    const aloud = reader(synth, 'ar');
    aloud.toggle('p', 'مرحبا');
    expect(synth.spoken[0]!.voice).toBeNull();
    expect(synth.spoken[0]!.lang).toBe('ar');
    expect(aloud.state.get().notice).toBeNull();
  });
});

describe('the button’s label', () => {
  it('names the first words', () => {
    expect(firstWords('Bus passes for everyone who needs one today')).toBe('Bus passes for everyone who…');
    expect(firstWords('  Short one ')).toBe('Short one');
  });
});

describe('read aloud before the person has touched the page', () => {
  it('keeps what the browser refused, says to tap, and reads it at the next tap', () => {
    const synth = new FakeSynth();
    let resume: (() => void) | null = null;
    const aloud = new ReadAloud({
      synth,
      makeUtterance: (text) => ({ text, lang: '', voice: null, onend: null, onerror: null }),
      language: () => 'en',
      onNextTap: (callback) => (resume = callback),
    });
    aloud.enqueue('a', 'one');
    aloud.enqueue('b', 'two');
    // The browser refuses: no user activation yet.
    synth.active.shift()!.onerror?.({ error: 'not-allowed' });
    expect(aloud.state.get().notice).toBe('Tap anywhere on the page to start reading aloud.');
    expect(aloud.waiting).toEqual(['a', 'b']);
    resume!();
    expect(aloud.state.get().notice).toBeNull();
    synth.finish();
    expect(synth.texts).toEqual(['one', 'one', 'two']);
  });
});
