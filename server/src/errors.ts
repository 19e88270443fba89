import createError from '@fastify/error';
import type { MessageValues } from '@tributary/shared/i18n/catalog';
import { translator } from './i18n/translator.ts';

/**
 * Every HTTP error the API gives, in one catalog, with plain-language messages that a
 * participant can read on a phone. Replies look like `{ statusCode, code, error, message, values? }`.
 *
 * The words live in the catalogs (shared/src/i18n/locales/*.json), as `errors.<code>`: `message`
 * is the English one, and `values` (when the message has any) are named, so a phone shows
 * `t('errors.<code>', values)` in its person's language and a translation may reorder them. A code
 * with several wordings picks one with a `reason` value (an ICU `select`).
 */
export type ErrorValues = MessageValues;

/** An error of ours: its `values` go into the reply beside the English `message`. */
export interface TranslatableError extends Error {
  code: string;
  statusCode: number;
  values?: ErrorValues;
}

/**
 * The error class for `code`: `new Errors.X(values)` when its message has placeholders (their
 * names typed by `V`), `new Errors.X()` when not, or when its values are always `fixed`.
 */
function defineError<const C extends string, V extends ErrorValues | undefined = undefined>(code: C, statusCode: number, fixed?: ErrorValues) {
  const Base = createError(code, '%s', statusCode);
  return class extends Base implements TranslatableError {
    declare statusCode: number;
    readonly values?: ErrorValues;
    constructor(...args: V extends ErrorValues ? [values: V] : []) {
      const values = fixed ?? (args[0] as ErrorValues | undefined);
      super(translator()(`errors.${code}`, values));
      if (values && Object.keys(values).length > 0) this.values = values;
    }
  };
}

type Reason<R extends string, More extends ErrorValues = Record<never, never>> = { reason: R } & More;
/** Where a note must go, for `NotePlace`: the area role's key, and its English names. */
type PlaceValues = { role: string; place: string; places: string };

export const Errors = {
  Unauthorized: defineError('TRIB_UNAUTHORIZED', 401),
  TokenRevoked: defineError('TRIB_REMOVED', 401),
  /** The same code as TokenRevoked, with `rejoin: "no"`: this phone cannot join again. */
  RemovedFromRoom: defineError('TRIB_REMOVED', 403, { rejoin: 'no' }),
  ParticipantNotFound: defineError('TRIB_PARTICIPANT_NOT_FOUND', 404),
  ScreenIsReadOnly: defineError('TRIB_READ_ONLY', 403),
  NoteNotOnBoardYet: defineError<'TRIB_NOTE_NOT_ON_BOARD_YET', Reason<'sealed' | 'waiting' | 'queued'>>('TRIB_NOTE_NOT_ON_BOARD_YET', 409),
  FacilitatorOnly: defineError('TRIB_FACILITATOR_ONLY', 403),
  RoomNotFound: defineError('TRIB_ROOM_NOT_FOUND', 404),
  JoinCodeNotFound: defineError('TRIB_JOIN_CODE_NOT_FOUND', 404),
  UnknownTemplate: defineError<'TRIB_UNKNOWN_TEMPLATE', { template: string }>('TRIB_UNKNOWN_TEMPLATE', 400),
  UnknownLanguage: defineError<'TRIB_UNKNOWN_LANGUAGE', { language: string; languages: string }>('TRIB_UNKNOWN_LANGUAGE', 400),
  BadIdempotencyKey: defineError('TRIB_BAD_IDEMPOTENCY_KEY', 400),
  TooManyJoinAttempts: defineError('TRIB_TOO_MANY_TRIES', 429),
  NoFreeJoinCode: defineError('TRIB_NO_FREE_CODE', 503),
  PostingPaused: defineError<'TRIB_POSTING_PAUSED', Reason<'locked' | 'voting' | 'talking' | 'listening'>>('TRIB_POSTING_PAUSED', 403),
  BoardFull: defineError('TRIB_BOARD_FULL', 413),
  PersonCapReached: defineError<'TRIB_PERSON_CAP', Reason<'tooManyNotes' | 'tooMuchText'>>('TRIB_PERSON_CAP', 413),
  NoteLimitReached: defineError<'TRIB_NOTE_LIMIT', { count: number }>('TRIB_NOTE_LIMIT', 409),
  NoteNotFound: defineError('TRIB_NOTE_NOT_FOUND', 404),
  EditKeyRequired: defineError('TRIB_EDIT_KEY_REQUIRED', 401),
  WrongEditKey: defineError('TRIB_WRONG_EDIT_KEY', 403),
  VotingClosed: defineError('TRIB_VOTING_CLOSED', 409),
  BudgetSpent: defineError('TRIB_BUDGET_SPENT', 409),
  NoVoteToTakeBack: defineError('TRIB_NO_VOTE', 409),
  NoSuchStep: defineError<'TRIB_NO_SUCH_STEP', { step: number }>('TRIB_NO_SUCH_STEP', 400),
  UnknownCommand: defineError<'TRIB_UNKNOWN_COMMAND', { command: string; commands: string }>('TRIB_UNKNOWN_COMMAND', 400),
  /** `problem` is the schema checker's English: for developers, not people at a session. */
  InvalidCommand: defineError<'TRIB_INVALID_COMMAND', { command: string; problem: string }>('TRIB_INVALID_COMMAND', 400),
  NotHidden: defineError('TRIB_NOT_HIDDEN', 409),
  NotWaiting: defineError('TRIB_NOT_WAITING', 409),
  /** `queue.approve` / `queue.reject` of a note that is not waiting in the facilitator's queue. */
  NotInQueue: defineError('TRIB_NOT_IN_QUEUE', 404),
  NotEnoughPeople: defineError<'TRIB_NOT_ENOUGH_PEOPLE', { minSize: number; present: number }>('TRIB_NOT_ENOUGH_PEOPLE', 409),
  /** `round.next` after the last round of a turn, without `startOver`: the question to ask first. */
  TurnComplete: defineError<'TRIB_TURN_COMPLETE', Reason<'tables' | 'turns'>>('TRIB_TURN_COMPLETE', 409),
  GroupChoiceClosed: defineError('TRIB_GROUP_CHOICE_CLOSED', 403),
  NoSuchGroup: defineError('TRIB_NO_SUCH_GROUP', 404),
  ParticipantsOnly: defineError('TRIB_PARTICIPANTS_ONLY', 403),
  AreaNotFound: defineError('TRIB_AREA_NOT_FOUND', 404),
  VoteTargetMissing: defineError<'TRIB_VOTE_TARGET', Reason<'area' | 'note'>>('TRIB_VOTE_TARGET', 400),
  /** A note's place breaks the step's rule: no pick, or a pick of the wrong kind (a rung in a stage step). */
  NotePlace: defineError<'TRIB_NOTE_PLACE', Reason<'pick' | 'gone' | 'wrongRole' | 'onlyTurnAround' | 'pickToTurnAround', PlaceValues>>('TRIB_NOTE_PLACE', 400),
  /** A vote for something the voting step does not count (a worst idea when only solutions are voted on). */
  NotVotedOn: defineError<'TRIB_NOT_VOTED_ON', { role: string; places: string }>('TRIB_NOT_VOTED_ON', 400),
  /** Descriptions for areas the template does not leave open. */
  AreaDescriptions: defineError<'TRIB_AREA_DESCRIPTIONS', Reason<'noTemplate'> | Reason<'nothingToDescribe' | 'notAnArea', { template: string; area: string; areas: string }>>(
    'TRIB_AREA_DESCRIPTIONS',
    400,
  ),
  /** Upload bytes that are not a JPEG, PNG or WebP picture, or not the type they were sent as. */
  NotAnImage: defineError('TRIB_NOT_AN_IMAGE', 415),
  ImageTooLarge: defineError('TRIB_IMAGE_TOO_LARGE', 413),
  RoomImagesFull: defineError('TRIB_ROOM_IMAGES_FULL', 413),
  /** A note that names a picture this room does not have (400); fetching one (404) is ImageMissing. */
  ImageNotInRoom: defineError('TRIB_IMAGE_NOT_FOUND', 400),
  ImageMissing: defineError('TRIB_IMAGE_NOT_FOUND', 404),
  /** A note that names a picture another note already shows (on the board or held): one picture, one note. */
  ImageInUse: defineError('TRIB_IMAGE_IN_USE', 409),
  TooManySteps: defineError<'TRIB_TOO_MANY_STEPS', { max: number }>('TRIB_TOO_MANY_STEPS', 400),
  /** A "what we said" link nobody published (or a guess). */
  ResultsNotFound: defineError('TRIB_RESULTS_NOT_FOUND', 404),
  /** A "what we said" link the facilitator took down: gone for good, so 410. */
  ResultsTakenDown: defineError('TRIB_RESULTS_TAKEN_DOWN', 410),
  ResultsNotPublished: defineError('TRIB_RESULTS_NOT_PUBLISHED', 409),
  /** Published from another facilitator link, whose link this one cannot give back (routes/results.ts). */
  ResultsPublishedElsewhere: defineError('TRIB_RESULTS_PUBLISHED_ELSEWHERE', 409),
  /** A method (saved, imported or in a plan) that is not a method: `field` says where, `problem` what (English, for developers). */
  BadMethod: defineError<'TRIB_BAD_METHOD', { field: string; problem: string }>('TRIB_BAD_METHOD', 400),
  /** Two methods of a session plan both set group rules; one room follows one set. */
  PlanRules: defineError<'TRIB_PLAN_RULES', { first: string; second: string }>('TRIB_PLAN_RULES', 400),
  UnknownLibrary: defineError('TRIB_UNKNOWN_LIBRARY', 401),
  MethodNotFound: defineError('TRIB_METHOD_NOT_FOUND', 404),
  LibraryFull: defineError<'TRIB_LIBRARY_FULL', { max: number }>('TRIB_LIBRARY_FULL', 413),
  MethodTooBig: defineError<'TRIB_METHOD_TOO_BIG', { max: number }>('TRIB_METHOD_TOO_BIG', 413),
} as const;

/** Whether `error` is one of ours carrying `values` for its message. */
export function errorValues(error: unknown): ErrorValues | undefined {
  const values = (error as TranslatableError | null)?.values;
  return values && typeof values === 'object' ? values : undefined;
}
