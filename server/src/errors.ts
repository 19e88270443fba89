import createError from '@fastify/error';

/**
 * Every HTTP error the API gives, in one catalog, with plain-language messages that a
 * participant can read on a phone. Replies look like `{ statusCode, code, error, message }`.
 */
export const Errors = {
  Unauthorized: createError('TRIB_UNAUTHORIZED', 'This link is not valid for this room. Ask the facilitator for a new one.', 401),
  TokenRevoked: createError('TRIB_REMOVED', 'The facilitator has taken you out of this session.', 401),
  RemovedFromRoom: createError('TRIB_REMOVED', 'The facilitator has taken you out of this session, so this phone cannot join it again.', 403),
  ParticipantNotFound: createError('TRIB_PARTICIPANT_NOT_FOUND', 'That person is not in this session.', 404),
  ScreenIsReadOnly: createError('TRIB_READ_ONLY', 'This is the screen link: it shows the session but cannot add notes, vote or run it.', 403),
  NoteNotOnBoardYet: createError('TRIB_NOTE_NOT_ON_BOARD_YET', '%s', 409),
  FacilitatorOnly: createError('TRIB_FACILITATOR_ONLY', 'Only the facilitator can do that.', 403),
  RoomNotFound: createError('TRIB_ROOM_NOT_FOUND', 'There is no room here. It may have ended or been deleted.', 404),
  JoinCodeNotFound: createError('TRIB_JOIN_CODE_NOT_FOUND', "We couldn't find a room with that code. Check the code and try again.", 404),
  UnknownTemplate: createError('TRIB_UNKNOWN_TEMPLATE', 'There is no template called "%s".', 400),
  UnknownLanguage: createError('TRIB_UNKNOWN_LANGUAGE', 'There is no language "%s" here. Languages: %s.', 400),
  BadIdempotencyKey: createError('TRIB_BAD_IDEMPOTENCY_KEY', 'The Idempotency-Key header must be one value of 1 to 128 characters.', 400),
  TooManyJoinAttempts: createError('TRIB_TOO_MANY_TRIES', 'Too many codes tried. Please wait a few minutes and try again.', 429),
  NoFreeJoinCode: createError('TRIB_NO_FREE_CODE', 'Could not make a join code just now. Please try again.', 503),
  PostingPaused: createError('TRIB_POSTING_PAUSED', '%s', 403),
  BoardFull: createError('TRIB_BOARD_FULL', 'This board is full: nothing more can be added to it.', 413),
  PersonCapReached: createError('TRIB_PERSON_CAP', '%s', 413),
  NoteLimitReached: createError('TRIB_NOTE_LIMIT', 'You have written all %s notes for this step. You can still change or take back the ones you wrote.', 409),
  NoteNotFound: createError('TRIB_NOTE_NOT_FOUND', 'That note is not here any more.', 404),
  EditKeyRequired: createError('TRIB_EDIT_KEY_REQUIRED', 'Only the person who wrote this note can change it (the X-Edit-Key header is missing).', 401),
  WrongEditKey: createError('TRIB_WRONG_EDIT_KEY', 'Only the person who wrote this note can change it.', 403),
  VotingClosed: createError('TRIB_VOTING_CLOSED', 'Voting is not open right now.', 409),
  BudgetSpent: createError('TRIB_BUDGET_SPENT', 'You have used all your votes. Take one back to vote for something else.', 409),
  NoVoteToTakeBack: createError('TRIB_NO_VOTE', 'You have no vote on that note to take back.', 409),
  NoSuchStep: createError('TRIB_NO_SUCH_STEP', 'There is no step %s in this session.', 400),
  UnknownCommand: createError('TRIB_UNKNOWN_COMMAND', 'There is no command called "%s". Known commands: %s.', 400),
  InvalidCommand: createError('TRIB_INVALID_COMMAND', 'The "%s" command is not right: %s.', 400),
  NotHidden: createError('TRIB_NOT_HIDDEN', 'That note is not hidden.', 409),
  NotWaiting: createError('TRIB_NOT_WAITING', 'That note is not waiting to go on the board.', 409),
  NotEnoughPeople: createError('TRIB_NOT_ENOUGH_PEOPLE', '%s', 409),
  /** `round.next` after the last round of a turn, without `startOver`: the question to ask first. */
  TurnComplete: createError('TRIB_TURN_COMPLETE', '%s', 409),
  GroupChoiceClosed: createError('TRIB_GROUP_CHOICE_CLOSED', 'The facilitator is choosing the groups for now.', 403),
  NoSuchGroup: createError('TRIB_NO_SUCH_GROUP', 'That group is not here any more.', 404),
  ParticipantsOnly: createError('TRIB_PARTICIPANTS_ONLY', 'Only people taking part can do that.', 403),
  AreaNotFound: createError('TRIB_AREA_NOT_FOUND', 'That area is not on the board any more.', 404),
  VoteTargetMissing: createError('TRIB_VOTE_TARGET', '%s', 400),
  /** A note's place breaks the step's rule: no pick, or a pick of the wrong kind (a rung in a stage step). */
  NotePlace: createError('TRIB_NOTE_PLACE', '%s', 400),
  /** A vote for something the voting step does not count (a worst idea when only solutions are voted on). */
  NotVotedOn: createError('TRIB_NOT_VOTED_ON', '%s', 400),
  /** Descriptions for areas the template does not leave open. */
  AreaDescriptions: createError('TRIB_AREA_DESCRIPTIONS', '%s', 400),
  TooManySteps: createError('TRIB_TOO_MANY_STEPS', 'A session can have at most %s steps. Remove some steps first.', 400),
} as const;
