import { applyRoomLanguage, t, withMessages } from '../../i18n/i18n.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../../hooks/useStore.ts';
import { DeviceRoom, type RoomStores } from '../../sync/deviceRoom.ts';
import { keep, readKept, tabStorage } from '../../sync/deviceStorage.ts';
import { countInStep, currentStepKey } from '../../sync/ownNotes.ts';
import { loadSession, type RoomSession } from '../../sync/session.ts';
import { BreakButton } from '../../ui/BreakButton.tsx';
import { LanguagePicker } from '../../ui/LanguagePicker.tsx';
import { ConnectionBanner } from '../../ui/ConnectionBanner.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { SessionEndedGate } from '../../ui/SessionEndedGate.tsx';
import { Button } from '../../ui/Button.tsx';
import { ReadAllNewNotesLater, ReadAllNewNotesToggleLater, ReadAloudButtonLater, ReadAloudNoticeLater } from '../../ui/readAloudLater.tsx';
import { lazyPart, prefetchAsked, prefetchMessages } from '../../ui/lazyPart.tsx';
import { navigate, setPageTitle } from '../../ui/navigation.ts';
import { updateBetweenSteps } from '../../ui/serviceWorker.ts';
import { MyNotes } from './MyNotes.tsx';
import { NoteComposer } from './NoteComposer.tsx';
import { BadgeChoice, BreakBanner, useBadge } from './TakingPart.tsx';
import { areaQuestion, myPlace, partsTheScriptUses, readingArea, shortAreaName, wordsRevealed } from './methods.ts';
import { useAnnouncer } from './useAnnouncer.ts';
import { useLiveRoom, type LiveRoom } from './useLiveRoom.ts';
import { useOwnNoteStatus } from './useOwnNoteStatus.ts';
import { stepPicks } from './stepPicks.ts';
import { useLaptop } from './useLaptop.ts';
import { postingRefusals } from '@tributary/shared/control/postingRule';
import { noPostingMessage, promptText, stepLine } from './words.ts';

// Parts only some steps need load on demand, and in the background once the page is idle when
// the room's script can use them (partsTheScriptUses): the phone's first load stays small
// (tests/client/build-size.test.ts counts what is prefetched too). Their words come with them:
// `parts` and `board` messages load beside each part's code (client/src/i18n/i18n.ts).
const Voting = lazyPart(() => withMessages(import('./Voting.tsx'), 'parts').then((m) => m.Voting));
const WholeBoard = lazyPart(() => withMessages(import('./WholeBoard.tsx'), 'board').then((m) => m.WholeBoard));
const CardComposer = lazyPart(() => withMessages(import('./CardComposer.tsx'), 'parts').then((m) => m.CardComposer));
const EarlierNotes = lazyPart(() => withMessages(import('./EarlierNotes.tsx'), 'parts').then((m) => m.EarlierNotes));
const AreaToRead = lazyPart(() => withMessages(import('./AreaToRead.tsx'), 'parts').then((m) => m.AreaToRead));
const Markers = lazyPart(() => withMessages(import('./Markers.tsx'), 'parts').then((m) => m.Markers));
const MyGroup = lazyPart(() => withMessages(import('./MyGroup.tsx'), 'parts').then((m) => m.MyGroup));
const WordsSoFar = lazyPart(() => withMessages(import('./WordsSoFar.tsx'), 'parts').then((m) => m.WordsSoFar));
// On a laptop, the board people can touch sits beside their notes (Konva arrives with it).
const LaptopBoard = lazyPart(() => withMessages(import('./LaptopBoard.tsx'), 'board').then((m) => m.default));

/**
 * The phone view: the question, "add a note", my notes, and the board only when asked for.
 * It opens as an offline-first app does: from what this device kept (the room's last reading,
 * the draft, the notes waiting to be sent: sync/deviceRoom.ts), so the note box takes typing
 * before the live room's code (Yjs, the connections) is even evaluated. The live room is loaded
 * after that first paint (useLiveRoom.ts) and fills in around the same note box, which stays
 * mounted: nothing typed, no focus and no caret is lost.
 */
export default function ParticipantView({ roomId }: { roomId: string }) {
  const session = useMemo(() => loadSession(roomId), [roomId]);
  const device = useMemo(() => (session ? new DeviceRoom(session) : null), [session]);
  const live = useLiveRoom(device);

  useEffect(() => {
    // No session on this phone (a shared link, cleared storage): joining makes one.
    if (!session) navigate('/join', { replace: true });
  }, [session]);

  if (!session || !device) return <Loading label={t('phone.openingRoom')} />;
  return (
    <SessionEndedGate client={live?.client ?? device} who="participant">
      <ParticipantRoom device={device} live={live} session={session} />
    </SessionEndedGate>
  );
}

const FOLLOW_KEY = 'tributary:follow-answered:';

function loadAnswered(roomId: string): number {
  return Number(readKept(FOLLOW_KEY + roomId, tabStorage) ?? 0) || 0;
}

/**
 * The room's screen, one tree before and after the live room has loaded: what needs the live room
 * (`client`: the timer, the board, the parts of a step) fills its place once it is here, and
 * everything else reads `room`, the same stores either way.
 */
function ParticipantRoom({ device, live, session }: { device: DeviceRoom; live: LiveRoom | null; session: RoomSession }) {
  const client = live?.client ?? null;
  const room: RoomStores = client ?? device;
  const control = useStore(room.controlStore);
  const board = useStore(room.boardStore);
  const connection = useStore(room.connection);
  const presence = useStore(room.presence);
  const [showBoard, setShowBoard] = useState(false);
  const [message, announce] = useAnnouncer();
  const ownNotes = useStore(room.ownNotes);
  const [badge, setBadge] = useBadge(session.roomId, client);
  const [answered, setAnswered] = useState(() => loadAnswered(session.roomId));
  const [following, setFollowing] = useState(false);
  const laptop = useLaptop();

  useOwnNoteStatus(room, announce);

  const title = control.title || session.title || t('phone.defaultTitle');
  // On a first visit the room is not known until it has answered: no stand-in question meanwhile,
  // and no note posted under the stand-in's rules (the note box takes writing all the same).
  const roomKnown = useRef(device.keptReading);
  if (connection.synced) roomKnown.current = true;
  const question = roomKnown.current ? promptText(control.prompt) : t('phone.openingRoom');
  const closed = connection.status === 'closed';
  const step = control.steps[control.stepIndex];
  const currentStep = currentStepKey(control);
  const postedInStep = countInStep(ownNotes, currentStep);
  const line = stepLine(control);
  const onBreak = badge?.kind === 'break';
  const [replyTo, setReplyTo] = useState<{ id: string; text: string } | null>(null);

  // Methods with groups, rounds, roles, cards and markers: all read from the control document.
  const place = myPlace(control, board.areas, session.participantId);
  const inGroups = control.groups.length > 0 || control.groupChoice;
  const groupArea = step?.postTo === 'group-area';
  const table = groupArea ? place.table : null;
  const tableQuestion = table ? areaQuestion(table) : null;
  // The server's posting rule, every reason at once: the lock leaves the form up (to keep writing).
  const refusals = postingRefusals(control, { role: 'participant', participantId: session.participantId, postedInStep });
  const pausedFor = (reason: 'listening' | 'voting' | 'talking') => refusals.some((r) => r.kind === 'paused' && r.reason === reason);
  const mustListen = pausedFor('listening');
  const notesInStep = !pausedFor('voting') && !pausedFor('talking');
  const cardPrompts = step?.prompts && step.prompts.length > 0 ? step.prompts : null;
  const markers = control.voting.target === 'areas';
  const showWords = wordsRevealed(control);
  const mayPost = notesInStep && !mustListen;
  const areaToRead = readingArea(control);
  // A stage to pick, a worst idea to turn around: asked with the note, in plain words.
  const picks = useMemo(() => stepPicks(step, board.areas, board.notes), [step, board.areas, board.notes]);
  useEffect(() => {
    if (!groupArea || !mayPost) setReplyTo(null);
  }, [groupArea, mayPost]);

  useEffect(() => setPageTitle(title), [title]);
  // A new version of the app takes over between steps, never under someone typing.
  useEffect(updateBetweenSteps, [currentStep]);
  // The room's language, as the facilitator sets it, unless this person picked their own.
  useEffect(() => void applyRoomLanguage(control.language), [control.language]);

  // Ready before the step that needs it, even if the signal has gone by then.
  const parts = partsTheScriptUses(control);
  // The words for the server's replies to what this person does: not on the first screen
  // (scripts/measure-bundle.mjs, PHONE_AFTER_PAINT); until they arrive, the server's own wording shows.
  useEffect(() => prefetchMessages('errors'), []);
  useEffect(() => {
    if (parts.voting) Voting.prefetch();
    if (parts.markers) Markers.prefetch();
    if (parts.cards) CardComposer.prefetch();
    if (parts.groups) MyGroup.prefetch();
    if (parts.tables) EarlierNotes.prefetch();
    if (parts.words) WordsSoFar.prefetch();
    if (parts.reading) AreaToRead.prefetch();
    prefetchAsked();
  }, [parts.voting, parts.markers, parts.cards, parts.groups, parts.tables, parts.words, parts.reading]);

  // ---- Follow the facilitator: an invitation, never an order.
  const invitation = control.follow.invitation;
  const invited = control.follow.active && invitation > answered && !following;
  const answer = (n: number) => {
    setAnswered(n);
    // Storage refused: asked again after a reload, which is harmless.
    keep(FOLLOW_KEY + session.roomId, String(n), tabStorage);
  };
  const startFollowing = () => {
    answer(invitation);
    setFollowing(true);
    // A laptop has the board on screen already; a phone opens it.
    if (!laptop) setShowBoard(true);
    announce(t('phone.followingNow'));
  };
  const stopFollowing = useCallback(() => {
    setFollowing(false);
    announce(t('phone.stoppedFollowing'));
  }, [announce]);
  useEffect(() => {
    if (following && !control.follow.active) {
      setFollowing(false);
      announce(t('phone.facilitatorStoppedGuiding'));
    }
  }, [following, control.follow.active, announce]);
  useEffect(() => client?.setPresence({ following }), [client, following]);
  const facilitatorView = presence.find((p) => p.role === 'facilitator' && p.viewport)?.viewport ?? null;

  const setBreak = (next: boolean) => {
    setBadge(next ? { kind: 'break', showName: false } : null);
    announce(next ? t('phone.onBreakNow') : t('phone.welcomeBack'));
  };

  const votingShown = control.voting.open || control.voting.totals !== null;

  return (
    <div className={laptop ? 'phone phone--laptop' : 'phone'}>
      {client && <ReadAllNewNotesLater client={client} />}
      <a className="skip-link" href={mayPost || cardPrompts ? '#add-note' : '#main'}>
        {cardPrompts ? t('phone.skipToCard') : mayPost ? t('phone.skipToAddNote') : t('phone.skipToMain')}
      </a>
      <header className="room-header">
        <div className="room-header__main">
          <h1 className="room-header__title" dir="auto">
            {title}
          </h1>
          <ConnectionBanner client={client ?? device} />
        </div>
        {/* Actions a person needs in one tap from anywhere. */}
        <div className="room-header__actions">
          <BreakButton onBreak={onBreak} onChange={setBreak} />
        </div>
      </header>

      <div className="phone__banners">
        {onBreak && <BreakBanner onBack={() => setBreak(false)} />}
        {invited && (
          <div className="follow-banner" role="status">
            <p>{t('phone.followInvitation')}</p>
            <div className="button-row">
              <Button onClick={startFollowing}>{t('phone.follow')}</Button>
              <Button variant="secondary" onClick={() => answer(invitation)}>
                {t('phone.noThanks')}
              </Button>
            </div>
          </div>
        )}
        {following && (
          <div className="follow-banner follow-banner--on">
            <p>{t('phone.followingNow')}</p>
            <Button variant="secondary" onClick={stopFollowing}>
              {t('phone.stopFollowing')}
            </Button>
          </div>
        )}
      </div>

      {showBoard && !laptop ? (
        <main id="main" className="phone__main phone__main--board">
          {client ? (
          <WholeBoard
            client={client}
            follow={following ? { target: facilitatorView } : null}
            onClose={() => {
              setShowBoard(false);
              if (following) stopFollowing();
            }}
          />
          ) : (
            <Loading />
          )}
        </main>
      ) : (
        <main id="main" className="phone__main">
          <section className="prompt" aria-labelledby="prompt-heading">
            {line && <p className="prompt__step">{line}</p>}
            {table && tableQuestion ? (
              <>
                <h2 id="prompt-heading" className="prompt__label">
                  {t('phone.yourTable', { table: shortAreaName(table) })}
                </h2>
                <p className="prompt__text" aria-live="polite" dir="auto">
                  {tableQuestion}
                </p>
                {table.description && table.description !== tableQuestion && (
                  <p className="prompt__more" dir="auto">
                    {table.description}
                  </p>
                )}
                <p className="prompt__general" dir="auto">
                  <span className="prompt__general-label">{t('phone.forEveryone')} </span>
                  {question}
                </p>
              </>
            ) : (
              <>
                <h2 id="prompt-heading" className="prompt__label">
                  {t('phone.theQuestion')}
                </h2>
                <p className="prompt__text" aria-live="polite" dir="auto">
                  {question}
                </p>
                {table && <p className="prompt__more">{t('phone.notesGoTo', { area: table.title || t('phone.yourGroupsArea') })}</p>}
              </>
            )}
            <div className="prompt__read">
              <ReadAloudButtonLater
                id="prompt"
                text={table && tableQuestion ? [tableQuestion, table.description !== tableQuestion ? table.description : ''].filter(Boolean).join('. ') : question}
              />
              <ReadAllNewNotesToggleLater />
            </div>
            <ReadAloudNoticeLater />
            {live && <live.parts.Timer client={live.client} />}
          </section>

          {client && inGroups && <MyGroup client={client} control={control} place={place} listening={mustListen} tableShown={Boolean(table)} announce={announce} />}

          {client && markers && votingShown && <Markers client={client} announce={announce} />}

          {client && showWords && <WordsSoFar client={client} />}

          {client && votingShown && !markers && <Voting client={client} announce={announce} />}

          {client && table && mayPost && (
            <EarlierNotes
              client={client}
              areaId={table.id}
              round={control.round}
              canPost={mayPost}
              onBuildOn={(note) => setReplyTo({ id: note.id, text: note.text })}
            />
          )}

          {cardPrompts ? (
            client && (
            <div id="add-note">
              <CardComposer
                client={client}
                session={session}
                control={control}
                prompts={cardPrompts}
                closed={closed}
                announce={announce}
              />
            </div>
            )
          ) : mustListen ? (
            <section className="card calm-message listen" aria-label={t('phone.listenForNow')}>
              <p>
                <strong>{t('phone.listenForNowLead')}</strong> {t('phone.listenForNowText')}
              </p>
            </section>
          ) : notesInStep ? (
            <div id="add-note">
              <NoteComposer
                outbox={room.outbox}
                session={session}
                control={control}
                closed={closed}
                postedInStep={postedInStep}
                announce={announce}
                replyTo={replyTo}
                onClearReply={() => setReplyTo(null)}
                picks={picks}
                stepKey={currentStep}
                roomKnown={roomKnown.current}
                {...(table
                  ? { postedWhere: shortAreaName(table) }
                  : control.areaId && board.areas.get(control.areaId)?.title
                    ? { postedWhere: board.areas.get(control.areaId)!.title }
                    : {})}
              />
            </div>
          ) : (
            !control.voting.open && (
              <section className="card calm-message" aria-label={t('phone.noNotesInStep')}>
                <p>{noPostingMessage(control)}</p>
              </section>
            )
          )}

          {client && areaToRead && <AreaToRead client={client} areaId={areaToRead} />}

          <p className="post-status" role="status" aria-live="polite">
            {message}
          </p>

          <MyNotes
            room={room}
            client={client}
            participantId={session.participantId}
            locked={control.locked}
            closed={closed}
            releaseAsked={control.anonymousReleaseAsked}
            announce={announce}
          />

          <section className="card see-board stack stack--tight" aria-label={t('phone.theWholeBoard')}>
            <p className="muted">{t('phone.seeWhatEveryonePosted')}</p>
            <Button variant="secondary" block onClick={() => setShowBoard(true)}>
              {t('phone.seeWholeBoard')}
            </Button>
          </section>

          <BadgeChoice badge={badge} hasName={Boolean(session.name)} onChange={setBadge} />
        </main>
      )}

      {client && laptop && <LaptopBoard client={client} follow={following ? facilitatorView : null} />}

      <footer className="phone__footer">
        <p>{session.name ? t('phone.takingPartAs', { name: session.name }) : t('phone.takingPartUnnamed')}</p>
        <LanguagePicker className="phone__language" />
      </footer>
    </div>
  );
}
