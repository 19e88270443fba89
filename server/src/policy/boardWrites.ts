import * as Y from 'yjs';
import { readNoteAuthorship } from '@tributary/shared/board/note';
import { BOARD_RECORDS, NOTE_RECORD, RECORD_ID_MAX, fieldProblem, recordProblem, type RecordDefinition } from '@tributary/shared/board/records';
import { BOARD_REFUSAL_MESSAGES } from '@tributary/shared/board/refusalMessages';
import { mayChangeNote, mayCreateNote, mayDeleteNote, mayWriteArea, mayWriteBoard, type BoardRefusal, type BoardSituation, type BoardWriter } from '@tributary/shared/board/rules';
import { boardSituation } from '@tributary/shared/control/state';
import { CloseCode } from '@tributary/shared/protocol';
import type { Connection } from '../sync/connection.ts';
import type { RoomView, SyncExtension, WriteRefusal } from '../sync/hooks.ts';
import { authorTally } from './authorTally.ts';
import { changesNothing, inspectUpdate } from '../sync/updateInspector.ts';
import { REMOVED, type RecordChange, type RecordCreate, type UpdateEffects } from '../sync/updateEffects.ts';

/** Caps per person on what they write straight onto the board (docs/API.md "Limits"). */
export interface BoardWriteLimits {
  /** Notes one participant may have on the board at once. */
  maxNotesPerPerson: number;
  /** Characters of note text one participant may have on the board at once. */
  maxTextPerPerson: number;
}

export const DEFAULT_BOARD_WRITE_LIMITS: BoardWriteLimits = { maxNotesPerPerson: 300, maxTextPerPerson: 100_000 };

/** The fields a note keeps from its creation on (record layer: `fixed`). */
const FIXED_NOTE_FIELDS: ReadonlySet<string> = new Set(Object.entries(NOTE_RECORD.fields).filter(([, f]) => f.fixed).map(([name]) => name));

/** A refusal with its plain message; the caps are 4413, everything else 4403. */
export function refusal(reason: BoardRefusal): WriteRefusal {
  const closeCode = CAP_REFUSALS.has(reason) ? CloseCode.TooLarge : CloseCode.Forbidden;
  return { closeCode, reason, message: BOARD_REFUSAL_MESSAGES[reason] };
}
const CAP_REFUSALS: ReadonlySet<BoardRefusal> = new Set(['too-many-notes', 'too-much-text', 'room-full']);

function writerOf(connection: Connection): BoardWriter {
  const { role, participantId, name } = connection.identity;
  return { role, participantId, name };
}

/**
 * The board's trust line (DESIGN.md section 2): every client update is read into the records
 * and fields it would create, change or delete (sync/updateInspector.ts), then checked against
 * the record layer and the writer's rights (shared/src/board/rules.ts), before the core applies,
 * stores or relays it. Nobody but the server writes the `control` document.
 */
/**
 * The room's word filter, as it holds text written straight onto the board: the filter words
 * `text` contains (none: it may go on). facilitation/wordFilters.ts keeps the lists.
 */
export type HeldWords = (roomId: string, text: string) => string[];

export function boardWrites(options: BoardWriteLimits & { validate?: boolean; heldWords?: HeldWords } = DEFAULT_BOARD_WRITE_LIMITS): SyncExtension {
  const { validate = true, heldWords = () => [], ...limits } = options;
  return {
    name: 'board-writes',
    priority: 10,
    checkUpdate({ room, connection, docName }, update) {
      const writer = writerOf(connection);
      const situation = situationOf(room.doc('control'));
      // Nobody writes the control document; read-only roles and a locked board write nothing. But
      // stock clients, read-only ones too, answer every sync step 1 with an update that holds
      // nothing new: that needs no right to write.
      const early = docName === 'control' ? 'server-only' : mayWriteBoard(writer, situation);
      if (early) return changesNothing(room.doc(docName), update) ? null : refusal(early);
      // The benchmark's diagnostic measures what reading and checking every update costs.
      if (!validate) return null;
      const effects = inspectUpdate(room.doc('board'), update);
      return checkEffects(room, writer, situation, effects, limits) ?? checkFilter(room, writer, effects, heldWords);
    },
  };
}

/**
 * The board situation (lock, step) of a control document, read again only after the control
 * document changed: every incoming board update asks for it, and the control document changes
 * a few times a session.
 */
const situations = new WeakMap<Y.Doc, BoardSituation>();
const watched = new WeakSet<Y.Doc>();

function situationOf(control: Y.Doc): BoardSituation {
  let situation = situations.get(control);
  if (!situation) {
    situation = boardSituation(control);
    situations.set(control, situation);
    if (!watched.has(control)) {
      watched.add(control);
      control.on('update', () => situations.delete(control));
    }
  }
  return situation;
}

function checkEffects(room: RoomView, writer: BoardWriter, situation: BoardSituation, effects: UpdateEffects, limits: BoardWriteLimits): WriteRefusal | null {
  if (!effects.ok) return refusal(effects.problem === 'missing' ? 'missing-history' : 'schema');
  const board = room.doc('board');
  let createdNotes = 0;
  let createdText = 0;
  for (const create of effects.creates) {
    const definition = BOARD_RECORDS[create.collection];
    if (!definition) return refusal('server-only');
    // A record's id is its key in the document: as bounded as any id a field may hold.
    if (create.id.length > RECORD_ID_MAX) return refusal('schema');
    // Plain loops, no closures: this runs for every note written.
    const outcomes = possibleRecords(create);
    for (const fields of outcomes) if (recordProblem(definition, fields)) return refusal('schema');
    const replaced = currentRecord(board, create.collection, create.id);
    if (definition === NOTE_RECORD) {
      let no: BoardRefusal | null = null;
      let longest = 0;
      for (const fields of outcomes) {
        no ??= mayCreateNote(writer, situation, fields);
        longest = Math.max(longest, (fields.get('text') as string).length);
      }
      no ??= replaced ? checkNoteDelete(writer, situation, create.id, replaced) : null;
      if (no) return refusal(no);
      createdNotes++;
      createdText += longest;
    } else {
      const no = mayWriteArea(writer, situation);
      if (no) return refusal(no);
    }
  }
  for (const change of effects.changes) {
    const no = checkChange(writer, situation, change);
    if (no) return refusal(no);
  }
  for (const gone of effects.deletes) {
    const definition = BOARD_RECORDS[gone.collection];
    if (!definition) return refusal('server-only');
    const no = definition === NOTE_RECORD ? checkNoteDelete(writer, situation, gone.id, gone.map) : mayWriteArea(writer, situation);
    if (no) return refusal(no);
  }
  if (writer.role === 'participant' && (createdNotes > 0 || effects.changes.some((c) => c.fields.has('text')))) {
    return checkPersonCaps(board, writer, createdNotes, createdText, effects.changes, limits);
  }
  return null;
}

/**
 * Participants' text goes through the word filter: a note created or edited straight on the
 * board with a filter word is refused (`held-for-review`), and the client sends it through
 * `POST …/notes` or `PATCH …/notes/:noteId`, where the server holds it for the facilitator.
 * The facilitator's own text is not filtered.
 */
function checkFilter(room: RoomView, writer: BoardWriter, effects: UpdateEffects, heldWords: HeldWords): WriteRefusal | null {
  if (writer.role === 'facilitator' || !effects.ok) return null;
  const texts: unknown[] = [];
  for (const create of effects.creates) {
    if (BOARD_RECORDS[create.collection] !== NOTE_RECORD) continue;
    for (const fields of possibleRecords(create)) texts.push(fields.get('text'));
  }
  for (const change of effects.changes) {
    texts.push(change.fields.get('text'));
    for (const [name, value] of change.alternatives) if (name === 'text') texts.push(value);
  }
  for (const text of texts) if (typeof text === 'string' && heldWords(room.id, text).length > 0) return refusal('held-for-review');
  return null;
}

/**
 * The records a create may leave once Yjs has applied it: its fields as the update builds them,
 * and for each other value the update gives one field (RecordCreate.alternatives, empty for an
 * honest client), the same with that value instead. The record layer and the rules judge each
 * field on its own, so every value is judged by judging each of these.
 */
function possibleRecords(create: RecordCreate): Array<ReadonlyMap<string, unknown>> {
  const outcomes: Array<ReadonlyMap<string, unknown>> = [create.fields];
  if (create.alternatives.length === 0) return outcomes;
  for (const [name, value] of create.alternatives) {
    const fields = new Map(create.fields);
    if (value === REMOVED) fields.delete(name);
    else fields.set(name, value);
    outcomes.push(fields);
  }
  return outcomes;
}

function currentRecord(board: Y.Doc, collection: string, id: string): Y.Map<unknown> | null {
  // Read through the root's key table: getMap would turn a root of another type into an error.
  const item = board.share.get(collection)?._map.get(id);
  const value = item && !item.deleted && item.content instanceof Y.ContentType ? item.content.type : null;
  return value instanceof Y.Map ? value : null;
}

function checkNoteDelete(writer: BoardWriter, situation: BoardSituation, id: string, map: Y.Map<unknown>): BoardRefusal | null {
  const note = readNoteAuthorship(map);
  // A record too broken to read (left by a board from before the record layer) is the facilitator's to clear.
  if (!note) return writer.role === 'facilitator' ? null : 'not-your-note';
  return mayDeleteNote(writer, situation, note);
}

function checkChange(writer: BoardWriter, situation: BoardSituation, change: RecordChange): BoardRefusal | null {
  const definition: RecordDefinition | undefined = BOARD_RECORDS[change.collection];
  if (!definition) return 'server-only';
  for (const name of change.fields.keys()) if (writtenProblem(definition, name, change.fields.get(name))) return 'schema';
  for (const [name, value] of change.alternatives) if (writtenProblem(definition, name, value)) return 'schema';
  if (definition !== NOTE_RECORD) return mayWriteArea(writer, situation);
  const note = readNoteAuthorship(change.map);
  if (!note) return writer.role === 'facilitator' ? null : 'not-your-note';
  return mayChangeNote(writer, situation, note, change.fields.keys(), FIXED_NOTE_FIELDS);
}

/** Whether a value a change writes to a field (or its removal) does not fit the record. */
function writtenProblem(definition: RecordDefinition, name: string, value: unknown): boolean {
  if (value === REMOVED) return definition.fields[name]?.required === true;
  return fieldProblem(definition, name, value) !== null;
}

/**
 * A participant's notes on the board, counted from the board itself (authorTally.ts), so the caps
 * hold across processes and restarts without a counter of their own: would `participantId` go
 * over a cap by adding `addedNotes` notes with `addedText` characters, and changing texts to
 * `newTexts`? Used for writes straight onto the board and for named notes posted through the server.
 */
export function personCapRefusal(
  board: Y.Doc,
  participantId: string,
  added: { notes: number; text: number },
  limits: BoardWriteLimits,
  newTexts: ReadonlyMap<Y.Map<unknown>, string> = new Map(),
): BoardRefusal | null {
  const tally = authorTally(board);
  const now = tally.totals(participantId);
  const notes = now.notes + added.notes;
  let text = now.text + added.text;
  // A note is theirs when it carries their id (anonymous notes never do).
  for (const [map, newText] of newTexts) {
    const counted = tally.countedText(participantId, map);
    if (counted !== null) text += newText.length - counted;
  }
  if (notes > limits.maxNotesPerPerson) return 'too-many-notes';
  if (text > limits.maxTextPerPerson) return 'too-much-text';
  return null;
}

function checkPersonCaps(board: Y.Doc, writer: BoardWriter, createdNotes: number, createdText: number, changes: readonly RecordChange[], limits: BoardWriteLimits): WriteRefusal | null {
  if (writer.participantId === null) return null;
  const newTexts = new Map<Y.Map<unknown>, string>();
  const longest = (map: Y.Map<unknown>, value: unknown) => {
    if (typeof value === 'string' && value.length >= (newTexts.get(map)?.length ?? 0)) newTexts.set(map, value);
  };
  for (const change of changes) {
    // Of the texts Yjs may keep (usually one), the longest.
    longest(change.map, change.fields.get('text'));
    for (const [name, value] of change.alternatives) if (name === 'text') longest(change.map, value);
  }
  const capped = personCapRefusal(board, writer.participantId, { notes: createdNotes, text: createdText }, limits, newTexts);
  return capped ? refusal(capped) : null;
}
