import { Type, type Static, type TLiteral, type TObject, type TProperties, type TUnsafe } from '@sinclair/typebox';
import { AUTHOR_NAME_MAX, NOTE_TEXT_MAX } from './board/note.ts';
import { NOTE_COLOR_NAMES } from './board/colors.ts';
import { AREA_DESCRIPTION_MAX, AREA_ROLES, IMAGE_ID_PATTERN, IMAGE_KINDS } from './board/records.ts';
import { CARD_PROMPT_MAX, MAX_CARD_PROMPTS, MAX_STEPS, STEP_MODES, STEP_POST_TO, STEP_TITLE_MAX, VOTE_TARGETS, WHO_MAY_POST } from './control/steps.ts';
import { GROUP_LABEL_MAX, MAX_GROUPS } from './control/groups.ts';
import { PROMPT_MAX, ROOM_TITLE_MAX } from './control/state.ts';
import { FILTER_WORD_MAX, FILTER_WORDS_MAX } from './control/wordFilter.ts';
import { PLAN_MAX_METHODS, PlanItem } from './libraryApi.ts';

/**
 * HTTP API schemas (TypeBox): the server validates with them, the client types its calls with
 * them. The contract is shared/API.md; additions are documented in docs/API.md.
 */

export const ErrorReply = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  /** In English. */
  message: Type.String(),
  /**
   * The message's arguments, named (`{ count: 5 }`), when it has any: a client shows the catalog's
   * `errors.<code>` message with them in its person's language (shared/src/i18n/locales/).
   */
  values: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type ErrorReply = Static<typeof ErrorReply>;

/**
 * What the facilitator wrote for the areas a template leaves open (`describe` in
 * `GET /api/templates`), by area key: Recovery River's stage descriptions. An area left out, or
 * given only spaces, has no description (never a placeholder).
 */
export const AreaDescriptions = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ maxLength: AREA_DESCRIPTION_MAX }), {
  maxProperties: 50,
});
export type AreaDescriptions = Static<typeof AreaDescriptions>;

/** A BCP 47 language tag as catalogs are named (`en`, `cy`, `pl`, `ar`); which exist is the server's check. */
export const LanguageCode = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' });

export const CreateRoomBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: ROOM_TITLE_MAX })),
    template: Type.Optional(Type.String({ maxLength: 64 })),
    /** Needs `template`; keys must be areas that template leaves open. */
    areaDescriptions: Type.Optional(AreaDescriptions),
    /** The room's default language: a code with a catalog in shared/src/i18n/locales (the server checks). */
    language: Type.Optional(LanguageCode),
    /** A method as JSON (templates/parse.ts checks it): the room starts with its areas and steps. */
    method: Type.Optional(Type.Unknown()),
    /** A method saved in a library: the library's token goes in `X-Library-Token`. */
    methodId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
    /** A session plan: methods run in order in one room (at most PLAN_MAX_METHODS). */
    plan: Type.Optional(Type.Array(PlanItem, { minItems: 1, maxItems: PLAN_MAX_METHODS })),
  },
  { additionalProperties: false },
);
export type CreateRoomBody = Static<typeof CreateRoomBody>;

export const RoomLinks = Type.Object({
  join: Type.String(),
  facilitator: Type.String(),
  presenter: Type.String(),
});

export const CreateRoomReply = Type.Object({
  roomId: Type.String(),
  joinCode: Type.String(),
  facilitatorToken: Type.String(),
  links: RoomLinks,
});
export type CreateRoomReply = Static<typeof CreateRoomReply>;

/**
 * A random secret a phone makes once and keeps (localStorage), so joining the same room again
 * from it gives back the same participant. At least 22 URL-safe characters: 132 random bits.
 */
export const DEVICE_KEY_MIN = 22;
export const DEVICE_KEY_MAX = 64;
export const DEVICE_KEY_PATTERN = '^[A-Za-z0-9_-]+$';

export const JoinBody = Type.Object(
  {
    joinCode: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.Optional(Type.String({ maxLength: AUTHOR_NAME_MAX })),
    deviceKey: Type.Optional(Type.String({ minLength: DEVICE_KEY_MIN, maxLength: DEVICE_KEY_MAX, pattern: DEVICE_KEY_PATTERN })),
  },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBody>;

export const JoinReply = Type.Object({
  roomId: Type.String(),
  participantToken: Type.String(),
  /** Opaque id of this participant session; named notes carry it so "my notes" can find them. */
  participantId: Type.String(),
  title: Type.String(),
  /** The name this participant shows (absent if none). A re-join from the same device keeps the first one. */
  name: Type.Optional(Type.String()),
  /** The room's default language, set by the facilitator (null: none; phones use the person's own). */
  language: Type.Union([Type.String(), Type.Null()]),
});
export type JoinReply = Static<typeof JoinReply>;

export const RoomParams = Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 64 }) });
export type RoomParams = Static<typeof RoomParams>;

export const RoomInfoReply = Type.Object({
  roomId: Type.String(),
  title: Type.String(),
  template: Type.Union([Type.String(), Type.Null()]),
  joinCode: Type.String(),
  createdAt: Type.String(),
  /** The role of the token that asked. */
  role: Type.Union([Type.Literal('facilitator'), Type.Literal('participant'), Type.Literal('presenter')]),
  /** For participants: their own session id and chosen name (absent if none). */
  participantId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  links: Type.Object({ join: Type.String() }),
  /** The room's default language (null: none set). */
  language: Type.Union([Type.String(), Type.Null()]),
});
export type RoomInfoReply = Static<typeof RoomInfoReply>;

/** `POST /api/rooms/:roomId/presenter-link`: the projector link, with a presenter token. */
export const PresenterLinkReply = Type.Object({ presenter: Type.String() });
export type PresenterLinkReply = Static<typeof PresenterLinkReply>;

/** `POST /api/rooms/:roomId/facilitator-link`: a new facilitator link for a co-facilitator. */
export const FacilitatorLinkReply = Type.Object({ facilitator: Type.String() });
export type FacilitatorLinkReply = Static<typeof FacilitatorLinkReply>;

/**
 * A string that must be one of `values`: a union of literals (which both AJV and TypeBox's
 * Value checker understand), typed as the plain union of the strings.
 */
const oneOf = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnsafe<T[number]>;

const StepMode = oneOf(STEP_MODES);
const WhoMayPostSchema = oneOf(WHO_MAY_POST);
const VoteTargetSchema = oneOf(VOTE_TARGETS);
const AreaRoleSchema = oneOf(AREA_ROLES);
const CardPrompts = Type.Array(Type.String({ minLength: 1, maxLength: CARD_PROMPT_MAX }), { maxItems: MAX_CARD_PROMPTS });

/** One step of a session script, as the facilitator sends it. */
export const StepInput = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    title: Type.String({ maxLength: STEP_TITLE_MAX }),
    prompt: Type.String({ maxLength: PROMPT_MAX }),
    mode: StepMode,
    timerSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 4 * 3600 }), Type.Null()])),
    whoMayPost: Type.Optional(WhoMayPostSchema),
    areaId: Type.Optional(Type.String({ maxLength: 64 })),
    maxNotesPerPerson: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    voteBudget: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    postTo: Type.Optional(oneOf(STEP_POST_TO)),
    clientMayPost: Type.Optional(Type.Boolean()),
    voteTarget: Type.Optional(VoteTargetSchema),
    liveTotals: Type.Optional(Type.Boolean()),
    prompts: Type.Optional(CardPrompts),
    arrange: Type.Optional(Type.Boolean()),
    /** Every participant's note waits in the facilitator's queue until approved. */
    review: Type.Optional(Type.Boolean()),
    /** With `postTo: 'pick-area'`: the role of the areas people pick among. */
    pickRole: Type.Optional(AreaRoleSchema),
    /** Each note is linked (`replyTo`) to a note the writer picks in an area with this role. */
    linkRole: Type.Optional(AreaRoleSchema),
    /** Voting steps: only notes (or areas) in areas with this role are voted on. */
    voteRole: Type.Optional(AreaRoleSchema),
  },
  { additionalProperties: false },
);
export type StepInput = Static<typeof StepInput>;

const ParticipantId = Type.String({ minLength: 1, maxLength: 64 });
/** A group as the facilitator sets it (`groups.set`). */
export const GroupInput = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    label: Type.Optional(Type.String({ maxLength: GROUP_LABEL_MAX })),
    members: Type.Array(ParticipantId, { maxItems: 200 }),
    areaId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type GroupInput = Static<typeof GroupInput>;

const NoteId = Type.String({ minLength: 1, maxLength: 64 });
/** A filter word: a plain word (filterWordProblem in control/wordFilter.ts says which), never a pattern. */
const FilterWord = Type.String({ minLength: 1, maxLength: FILTER_WORD_MAX });
const cmd = <K extends string, T extends TProperties>(type: K, fields: T) =>
  Type.Object({ type: Type.Literal(type), ...fields } as { type: TLiteral<K> } & T, { additionalProperties: false });

/** Facilitator commands (`POST /api/rooms/:roomId/commands`). See docs/API.md for each. */
export const Command = Type.Union([
  cmd('step.goto', { index: Type.Integer({ minimum: 0, maximum: MAX_STEPS - 1 }) }),
  cmd('step.next', {}),
  cmd('step.previous', {}),
  cmd('steps.set', { steps: Type.Array(StepInput, { minItems: 1, maxItems: MAX_STEPS }), index: Type.Optional(Type.Integer({ minimum: 0 })) }),
  cmd('step.update', {
    index: Type.Integer({ minimum: 0, maximum: MAX_STEPS - 1 }),
    title: Type.Optional(Type.String({ maxLength: STEP_TITLE_MAX })),
    prompt: Type.Optional(Type.String({ maxLength: PROMPT_MAX })),
    mode: Type.Optional(StepMode),
    timerSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 4 * 3600 }), Type.Null()])),
    prompts: Type.Optional(CardPrompts),
    review: Type.Optional(Type.Boolean()),
  }),
  cmd('prompt.set', { prompt: Type.String({ maxLength: PROMPT_MAX }) }),
  cmd('room.rename', { title: Type.String({ minLength: 1, maxLength: ROOM_TITLE_MAX }) }),
  cmd('room.anonymousByDefault', { enabled: Type.Boolean() }),
  cmd('room.language', { language: Type.Union([LanguageCode, Type.Null()]) }),
  cmd('timer.start', { seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 * 3600 })) }),
  cmd('timer.pause', {}),
  cmd('timer.reset', {}),
  cmd('timer.add', { seconds: Type.Optional(Type.Integer({ minimum: -3600, maximum: 3600 })) }),
  cmd('reveal', {}),
  cmd('anonymous.release', {}),
  cmd('voting.open', {
    budget: Type.Integer({ minimum: 1, maximum: 100 }),
    target: Type.Optional(VoteTargetSchema),
    liveTotals: Type.Optional(Type.Boolean()),
    title: Type.Optional(Type.String({ maxLength: STEP_TITLE_MAX })),
  }),
  cmd('voting.close', { showTotals: Type.Optional(Type.Boolean()) }),
  cmd('voting.showTotals', {}),
  cmd('board.lock', {}),
  cmd('board.unlock', {}),
  cmd('note.hide', { noteId: NoteId }),
  cmd('note.unhide', { noteId: NoteId }),
  cmd('follow.start', {}),
  cmd('follow.stop', {}),
  cmd('template.add', {
    templateId: Type.String({ minLength: 1, maxLength: 64 }),
    areaDescriptions: Type.Optional(AreaDescriptions),
    /** The language of the template's words on the board (a catalog's code); else the room's. */
    language: Type.Optional(Type.String({ minLength: 2, maxLength: 35 })),
  }),
  cmd('groups.form', {
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_GROUPS })),
    strategy: Type.Optional(oneOf(['shuffle', 'keep'] as const)),
  }),
  cmd('groups.set', { groups: Type.Array(GroupInput, { maxItems: MAX_GROUPS }) }),
  cmd('groups.allowChoice', { enabled: Type.Boolean() }),
  cmd('round.next', {
    goto: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STEPS - 1 })),
    /** After the last round of a turn (every group at every table), start the turn again. */
    startOver: Type.Optional(Type.Boolean()),
  }),
  cmd('round.set', { round: Type.Integer({ minimum: 0, maximum: 1000 }) }),
  cmd('participant.remove', { participantId: ParticipantId }),
  cmd('queue.approve', { noteId: NoteId }),
  cmd('queue.reject', { noteId: NoteId }),
  cmd('queue.approveAll', {}),
  cmd('filter.set', { language: LanguageCode, words: Type.Array(FilterWord, { maxItems: FILTER_WORDS_MAX }) }),
  cmd('filter.enabled', { enabled: Type.Boolean() }),
]);
export type Command = Static<typeof Command>;
export type CommandType = Command['type'];

/** Each command's own schema by type, so a bad command gets a message about that command. */
export const COMMAND_SCHEMAS: Readonly<Record<string, TObject>> = Object.fromEntries(
  Command.anyOf.map((schema) => [(schema.properties.type as TLiteral<string>).const, schema as TObject]),
);

/** What the commands route accepts before it knows which command it is. */
export const CommandEnvelope = Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: true });

export const CommandReply = Type.Object({
  control: Type.Any(),
  /** Plain-language caution for the facilitator (e.g. releasing fewer than three anonymous notes). */
  warning: Type.Optional(Type.String()),
});
export type CommandReply = Static<typeof CommandReply>;

/**
 * A note is words, a picture (`imageId`, uploaded first to POST /api/rooms/:roomId/images), or
 * both: then `text` is the picture's text alternative (a transcription or a description) and may
 * be left out or empty, for the facilitator to add later. Without a picture, `text` is required
 * and not empty, as before.
 */
export const PostNoteBody = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: NOTE_TEXT_MAX })),
    /** A picture of this room (400 TRIB_IMAGE_NOT_FOUND otherwise). */
    imageId: Type.Optional(Type.String({ pattern: IMAGE_ID_PATTERN, maxLength: 64 })),
    /** What the picture is: a photo of paper (the default) or a sketch drawn on a phone. Only with `imageId`. */
    imageKind: Type.Optional(oneOf(IMAGE_KINDS)),
    areaId: Type.Optional(Type.String({ maxLength: 64 })),
    anonymous: Type.Optional(Type.Boolean()),
    color: Type.Optional(oneOf(NOTE_COLOR_NAMES)),
    /** Build on an earlier note (World Cafe, Reverse Brainstorming flips). */
    replyTo: Type.Optional(NoteId),
  },
  {
    additionalProperties: false,
    // Words, or a picture: a note without a picture needs text that is not empty. A kind needs a picture.
    anyOf: [{ required: ['imageId'] }, { required: ['text'], properties: { text: { type: 'string', minLength: 1 } } }],
    dependencies: { imageKind: ['imageId'] },
  },
);
export type PostNoteBody = Static<typeof PostNoteBody>;

/** POST /api/rooms/:roomId/images answers with the picture's id, for a note's `imageId`. */
export const UploadImageReply = Type.Object({ imageId: Type.String() });
export type UploadImageReply = Static<typeof UploadImageReply>;

export const ImageParams = Type.Object({
  roomId: Type.String({ minLength: 1, maxLength: 64 }),
  imageId: Type.String({ pattern: IMAGE_ID_PATTERN, maxLength: 64 }),
});

export const NOTE_STATUSES = ['visible', 'sealed', 'pending', 'queued'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

export const PostNoteReply = Type.Object({
  noteId: Type.String(),
  editKey: Type.String(),
  status: oneOf(NOTE_STATUSES),
  /** For pending anonymous notes: how many more people's notes are needed before a batch goes out. */
  waitingFor: Type.Optional(Type.Integer()),
});
export type PostNoteReply = Static<typeof PostNoteReply>;

export const PatchNoteBody = Type.Object(
  { text: Type.Optional(Type.String({ minLength: 1, maxLength: NOTE_TEXT_MAX })) },
  { additionalProperties: false },
);
export type PatchNoteBody = Static<typeof PatchNoteBody>;

export const NoteParams = Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 64 }), noteId: NoteId });

/** What the holder of an edit key may read of their own note (sealed, pending or on the board). */
export const OwnNoteReply = Type.Object({
  noteId: Type.String(),
  text: Type.String(),
  status: oneOf([...NOTE_STATUSES, 'hidden', 'gone'] as const),
  /** For a pending anonymous note: how many more people's notes are needed before a batch goes out. */
  waitingFor: Type.Optional(Type.Integer()),
});
export type OwnNoteReply = Static<typeof OwnNoteReply>;

/** A dot on a note, or (when voting targets areas) a marker on an area: give `areaId`. */
export const VoteBody = Type.Object(
  { noteId: Type.Optional(NoteId), areaId: Type.Optional(NoteId), delta: Type.Union([Type.Literal(1), Type.Literal(-1)]) },
  { additionalProperties: false },
);
export type VoteBody = Static<typeof VoteBody>;

export const VoteReply = Type.Object({ remaining: Type.Integer(), mine: Type.Record(Type.String(), Type.Integer()) });
export type VoteReply = Static<typeof VoteReply>;

export const VotesReply = Type.Object({
  open: Type.Boolean(),
  budget: Type.Integer(),
  totals: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  /** Participants: what they have left and where their own votes are (seen only by them). */
  remaining: Type.Optional(Type.Integer()),
  mine: Type.Optional(Type.Record(Type.String(), Type.Integer())),
});
export type VotesReply = Static<typeof VotesReply>;

export const ChooseGroupBody = Type.Object({ groupId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type ChooseGroupBody = Static<typeof ChooseGroupBody>;
export const ChooseGroupReply = Type.Object({
  groupId: Type.String(),
  label: Type.String(),
  areaId: Type.Union([Type.String(), Type.Null()]),
});
export type ChooseGroupReply = Static<typeof ChooseGroupReply>;

/** `GET /api/templates`: what a template picker lists, and what each leaves for the facilitator to write. */
export const TemplateSummaries = Type.Array(
  Type.Object({
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    minutes: Type.Integer(),
    describe: Type.Optional(Type.Array(Type.Object({ key: Type.String(), title: Type.String(), question: Type.String() }))),
  }),
);

export const HiddenNotesReply = Type.Array(
  Type.Object({ noteId: Type.String(), text: Type.String(), anonymous: Type.Boolean(), authorName: Type.Optional(Type.String()) }),
);

/**
 * `GET /api/rooms/:roomId/queue`: notes waiting for the facilitator, without their authors
 * (named or anonymous), in minute order with the order inside a minute shuffled.
 */
export const QueueReply = Type.Array(
  Type.Object({
    noteId: Type.String(),
    text: Type.String(),
    anonymous: Type.Boolean(),
    reason: oneOf(['review', 'filter'] as const),
    matched: Type.Optional(Type.Array(Type.String())),
    areaId: Type.Optional(Type.String()),
    /** A picture note's picture (GET /api/rooms/:roomId/images/:imageId), so it is seen before it is approved. */
    imageId: Type.Optional(Type.String()),
    imageKind: Type.Optional(oneOf(IMAGE_KINDS)),
    /** The minute it was posted (ISO time, seconds zero). */
    at: Type.Optional(Type.String()),
  }),
);
export type QueueReply = Static<typeof QueueReply>;

/** `GET /api/rooms/:roomId/filter`: the room's word filter, for the facilitator's settings. */
export const WordFilterReply = Type.Object({
  enabled: Type.Boolean(),
  languages: Type.Array(
    Type.Object({
      language: Type.String(),
      words: Type.Array(Type.String()),
      /** The shipped starter list, not edited in this room. */
      starter: Type.Boolean(),
      /** A draft list that a native speaker has not checked yet. */
      draft: Type.Boolean(),
    }),
  ),
});
export type WordFilterReply = Static<typeof WordFilterReply>;

export const TimeReply = Type.Object({ now: Type.Number() });
