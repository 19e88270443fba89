import type { ComponentProps } from 'react';
import type { RoomClient } from '../sync/RoomClient.ts';
import { canReadAloud } from './canReadAloud.ts';
import { lazyPart } from './lazyPart.tsx';

/**
 * The read-aloud buttons for the phone's first screen, loaded as a part (ReadAloudButton.tsx):
 * they appear a moment after the first paint, and their code (1.5 kB) is not in the phone's first
 * load (scripts/measure-bundle.mjs counts it in `withParts`, PHONE_AFTER_PAINT). Where the device
 * cannot speak, no button would show, so nothing is fetched: only the toggle's "cannot read aloud"
 * line loads. The parts that are themselves on demand (cards, the board…) import the buttons directly.
 */
const load = () => import('./ReadAloudButton.tsx');

const Button = lazyPart(() => load().then((m) => m.ReadAloudButton));
const Toggle = lazyPart(() => load().then((m) => m.ReadAllNewNotesToggle));
const Notice = lazyPart(() => load().then((m) => m.ReadAloudNotice));
const Watcher = lazyPart(() => load().then((m) => m.ReadAllNewNotes));

export function ReadAloudButtonLater(props: ComponentProps<typeof Button>) {
  return canReadAloud() && props.text.trim() ? <Button {...props} /> : null;
}

export function ReadAllNewNotesToggleLater(props: ComponentProps<typeof Toggle>) {
  return <Toggle {...props} />;
}

/** The reader's word about voices: only a device that can speak has a reader to say one. */
export function ReadAloudNoticeLater() {
  return canReadAloud() ? <Notice /> : null;
}

/**
 * "Read all new notes" at work, once its part has loaded: notes already on the board by then are
 * not news (the same as when the board first syncs), so none is read twice.
 */
export function ReadAllNewNotesLater({ client }: { client: RoomClient }) {
  return canReadAloud() ? <Watcher client={client} /> : null;
}
