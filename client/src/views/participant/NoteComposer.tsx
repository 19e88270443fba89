import { t, withMessages } from '../../i18n/i18n.ts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_NOTE_COLOR, NOTE_COLORS, isNoteColor, type NoteColor } from '@tributary/shared/board/colors';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/note';
import type { ControlState } from '@tributary/shared/control/state';
import { noteAnonymity, postingRefusals } from '@tributary/shared/control/postingRule';
import type { Outbox } from '../../sync/outbox.ts';
import { ApiError } from '../../sync/api.ts';
import type { RoomSession } from '../../sync/session.ts';
import { Button } from '../../ui/Button.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { PictureNotSent, type PictureSource } from '../../pictures/pictureNote.ts';
import { ColorPicker } from './ColorPicker.tsx';
import { loadColor, loadDraft, saveColor, saveDraft } from '../../sync/drafts.ts';
import { quote } from './methods.ts';
import { PlacePicker } from './PlacePicker.tsx';
import { loadPick, savePick, type StepPick, type StepPicks } from './stepPicks.ts';
import { notesLeftLine, postedMessage } from './words.ts';

export interface NoteComposerProps {
  /** The room's send queue: the same one before and after the live room has loaded (sync/deviceRoom.ts). */
  outbox: Outbox;
  session: RoomSession;
  control: ControlState;
  /** The room is gone or the link no longer works: nothing can be posted. */
  closed: boolean;
  /** Notes this phone has posted in the current step (for "3 of 5"). */
  postedInStep: number;
  announce: (message: string) => void;
  /** The note this one builds on ("Build on this"): quoted above the box and sent as `replyTo`. */
  replyTo?: { id: string; text: string } | null;
  onClearReply?: () => void;
  /** Where a visible note lands when not the board in general ("Table 2"). */
  postedWhere?: string;
  /** What the step asks people to pick with their note (a stage, a worst idea to turn around). */
  picks?: StepPicks;
  /** The current step (ownNotes' stepKey): a pick is remembered for the step it was made in. */
  stepKey?: string;
  /** False until a first visit's room has answered: `control` is a stand-in, so nothing is posted yet. */
  roomKnown?: boolean;
}

/** One pick of the step, remembered on this phone for the step. */
function useStepPick(roomId: string, stepKey: string, kind: 'area' | 'link', pick: StepPick | null) {
  const [value, setValue] = useState<string | null>(() => loadPick(roomId, stepKey, kind, pick));
  const offered = pick ? pick.options.map((o) => o.id).join(' ') : '';
  // A new step (or a choice that went) starts from what was picked in that step, if anything.
  useEffect(() => setValue(loadPick(roomId, stepKey, kind, pick)), [roomId, stepKey, kind, offered]);
  const choose = (id: string) => {
    setValue(id);
    savePick(roomId, stepKey, kind, id);
  };
  return [value, choose] as const;
}

type NameChoice = 'show' | 'hide';

/** How the note is made: typed, drawn with a finger, or a photo of something written on paper. */
type Way = 'write' | 'draw' | 'photo';

// Only people who choose to draw or to add a photo download those parts (and their words).
const SketchPad = lazyPart(() => withMessages(import('./SketchPad.tsx'), 'pictures').then((m) => m.SketchPad));
const PhotoOfPaper = lazyPart(() => withMessages(import('../../pictures/PhotoOfPaper.tsx'), 'pictures').then((m) => m.PhotoOfPaper));

/** "Add a note": one box, a colour, a clear choice about the name, one big button. Posts through the server. */
export function NoteComposer({
  outbox,
  session,
  control,
  closed,
  postedInStep,
  announce,
  replyTo = null,
  onClearReply,
  postedWhere,
  picks = { area: null, link: null },
  stepKey = '',
  roomKnown = true,
}: NoteComposerProps) {
  const [areaPick, setAreaPick] = useStepPick(session.roomId, stepKey, 'area', picks.area);
  const [linkPick, setLinkPick] = useStepPick(session.roomId, stepKey, 'link', picks.link);
  const [pickProblem, setPickProblem] = useState<{ kind: 'area' | 'link'; text: string } | null>(null);
  const areaRef = useRef<HTMLInputElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => loadDraft(session.roomId));
  const [color, setColor] = useState<NoteColor>(() => {
    const saved = loadColor();
    return isNoteColor(saved) ? saved : DEFAULT_NOTE_COLOR;
  });
  const [nameChoice, setNameChoice] = useState<NameChoice>('show');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [way, setWay] = useState<Way>('write');
  const picture = useRef<PictureSource | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => saveDraft(session.roomId, text), [session.roomId, text]);
  // "Build on this" brings the person straight to the box.
  useEffect(() => {
    if (replyTo) textRef.current?.focus();
  }, [replyTo]);

  // What the server will do (its posting rule), so the form and "my notes" can say it.
  const refusals = postingRefusals(control, { role: 'participant', participantId: session.participantId, postedInStep });
  const locked = refusals.some((r) => r.kind === 'paused' && r.reason === 'locked');
  const allWritten = refusals.some((r) => r.kind === 'limit');
  const max = control.steps[control.stepIndex]?.maxNotesPerPerson;
  // Before a first visit's room has answered, `control` is a stand-in (deviceRoom.ts): its rules,
  // anonymity above all, are not the room's, so a note is written but not posted yet.
  const blocked = locked || closed || allWritten || !roomKnown;

  const anonymousBy = noteAnonymity(control, undefined).by;
  const anonymousStep = anonymousBy === 'step';
  const anonymousRoom = anonymousBy === 'room';
  const hasName = Boolean(session.name);
  const offerChoice = anonymousBy === 'choice' && hasName && roomKnown;
  const willBeAnonymous = noteAnonymity(control, offerChoice ? nameChoice === 'hide' : undefined).anonymous;

  const post = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked || busy) return;
    const clean = text.trim();
    // The server refuses a note without the step's pick; say so here, where the choice is.
    const unpicked = picks.area && !areaPick ? ('area' as const) : picks.link && !linkPick ? ('link' as const) : null;
    if (unpicked) {
      setPickProblem({ kind: unpicked, text: picks[unpicked]!.missing });
      (unpicked === 'area' ? areaRef : linkRef).current?.focus();
      return;
    }
    const source = way === 'write' ? null : picture.current;
    if (way !== 'write') {
      // The picture part is still arriving: nothing to post yet.
      const missing = source ? source.missing() : t('phone.pictureNotReady');
      if (missing) {
        setProblem(missing);
        source?.focus();
        return;
      }
    } else if (!clean) {
      setProblem(t('phone.writeSomethingFirst'));
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem('');
    try {
      // A picture is sent first (kept in its part if that fails); its note then goes the way every note goes.
      const content = source ? await source.upload() : { text: clean };
      // Kept on the phone first, then sent (now, or when the connection comes back).
      const outcome = await outbox.post(
        {
          ...(content.text ? { text: content.text } : {}),
          ...('imageId' in content ? { imageId: content.imageId, imageKind: content.imageKind } : {}),
          color,
          ...(offerChoice ? { anonymous: nameChoice === 'hide' } : {}),
          ...(picks.area && areaPick ? { areaId: areaPick } : {}),
          ...(picks.link && linkPick ? { replyTo: linkPick } : replyTo ? { replyTo: replyTo.id } : {}),
        },
        willBeAnonymous,
      );
      if (source) source.reset();
      else setText('');
      onClearReply?.();
      if (outcome.kind === 'queued') {
        announce(t('phone.queuedAnnounce'));
      } else {
        const reply = outcome.reply;
        const where = picks.area?.options.find((o) => o.id === areaPick)?.label ?? postedWhere;
        const visibleWhere =
          picks.link && linkPick ? t('phone.postedOnLinked', { where: where ?? '', link: picks.link.name }) : t('phone.postedOn', { where: where ?? '' });
        announce(reply.status === 'visible' && where ? visibleWhere : postedMessage(reply));
      }
      if (!source) textRef.current?.focus();
    } catch (error) {
      const message =
        error instanceof PictureNotSent
          ? error.message
          : error instanceof ApiError
          ? error.status === 0
            ? t('phone.couldNotReachServer')
            : error.message
          : t('phone.postFailed');
      setProblem(message);
      if (source) source.focus();
      else textRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const chooseColor = (next: NoteColor) => {
    setColor(next);
    saveColor(next);
  };

  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const lockId = `${id}-lock`;
  const countId = `${id}-count`;
  const openingId = `${id}-opening`;

  let nameLine: string;
  if (!roomKnown) nameLine = '';
  else if (anonymousStep) nameLine = t('phone.anonymousStepLine');
  else if (anonymousRoom) nameLine = t('phone.anonymousRoomLine');
  else if (!hasName) nameLine = t('phone.noNameLine');
  else nameLine = '';

  return (
    <section className="card composer" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('phone.addNote')}</h2>
      {locked && !closed && (
        <div className="notice" id={lockId} role="status">
          <p>
            <strong>{t('phone.pausedAdding')}</strong>
          </p>
          <p>{t('phone.keepWriting')}</p>
        </div>
      )}
      {!roomKnown && (
        <p className="composer__name-line" id={openingId} role="status">
          {t('phone.openingRoom')}
        </p>
      )}
      <form className="stack" onSubmit={post} noValidate>
        {picks.area && (
          <PlacePicker
            ref={areaRef}
            id={`${id}-area`}
            pick={picks.area}
            value={areaPick}
            onChange={(next) => {
              setAreaPick(next);
              setPickProblem(null);
            }}
            {...(pickProblem?.kind === 'area' ? { problem: pickProblem.text } : {})}
          />
        )}
        {picks.link && (
          <PlacePicker
            ref={linkRef}
            id={`${id}-link`}
            pick={picks.link}
            value={linkPick}
            onChange={(next) => {
              setLinkPick(next);
              setPickProblem(null);
            }}
            {...(pickProblem?.kind === 'link' ? { problem: pickProblem.text } : {})}
          />
        )}
        {replyTo && !picks.link && (
          <div className="reply-to" id={`${id}-reply`}>
            <p className="reply-to__label">{t('phone.buildingOn')}</p>
            <blockquote className="reply-to__quote" dir="auto">
              {quote(replyTo.text)}
            </blockquote>
            <Button variant="quiet" onClick={() => onClearReply?.()}>
              {t('phone.writeNewInstead')}
            </Button>
          </div>
        )}
        <div className="composer__ways" role="group" aria-label={t('phone.howToAdd')}>
          {(['write', 'draw', 'photo'] as const).map((w) => (
            <Button
              key={w}
              variant={way === w ? 'primary' : 'secondary'}
              aria-pressed={way === w}
              onClick={() => {
                setWay(w);
                setProblem('');
              }}
            >
              {t(w === 'write' ? 'phone.typeInstead' : w === 'draw' ? 'phone.drawInstead' : 'phone.photoOfPaper')}
            </Button>
          ))}
        </div>
        {way === 'draw' && <SketchPad roomId={session.roomId} token={session.token} source={picture} />}
        {way === 'photo' && <PhotoOfPaper roomId={session.roomId} token={session.token} source={picture} />}
        {way !== 'write' && problem && (
          <p className="field__error" id={problemId} role="alert">
            {problem}
          </p>
        )}
        {way === 'write' && (
          <div className={`field${problem ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor={`${id}-text`}>
              {replyTo ? t('phone.yourNoteAdding') : t('phone.yourNote')}
            </label>
            {control.mode === 'private' && !control.revealed && (
              <p className="field__hint" id={hintId}>
                {t('phone.privateHint')}
              </p>
            )}
            <textarea
              ref={textRef}
              id={`${id}-text`}
              className="field__input composer__text"
              rows={4}
              dir="auto"
              style={{ backgroundColor: NOTE_COLORS[color] }}
              maxLength={NOTE_TEXT_MAX}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                if (problem) setProblem('');
              }}
              aria-describedby={
                [replyTo ? `${id}-reply` : '', control.mode === 'private' && !control.revealed ? hintId : '', problem ? problemId : '', locked ? lockId : '', max ? countId : '']
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              aria-invalid={problem ? true : undefined}
            />
            {problem && (
              <p className="field__error" id={problemId} role="alert">
                {problem}
              </p>
            )}
          </div>
        )}
        <ColorPicker value={color} onChange={chooseColor} />
        {offerChoice ? (
          <fieldset className="choice">
            <legend className="field__label">{t('phone.nameOnNote')}</legend>
            <label className="choice__option">
              <input type="radio" name={`${id}-name`} checked={nameChoice === 'show'} onChange={() => setNameChoice('show')} />
              <span>
                {t('phone.showMyName')}{' '}
                <span className="muted" dir="auto">
                  ({session.name})
                </span>
              </span>
            </label>
            <label className="choice__option">
              <input type="radio" name={`${id}-name`} checked={nameChoice === 'hide'} onChange={() => setNameChoice('hide')} />
              <span>{t('phone.postWithoutName')}</span>
            </label>
            {nameChoice === 'hide' && (
              <p className="field__hint">{t('phone.withoutNameHint')}</p>
            )}
          </fieldset>
        ) : (
          <p className="composer__name-line">{nameLine}</p>
        )}
        {max !== undefined && (
          <p className="composer__count" id={countId}>
            {notesLeftLine(postedInStep, max)}
          </p>
        )}
        <Button type="submit" big block unavailable={blocked} busy={busy} aria-describedby={!roomKnown ? openingId : locked ? lockId : allWritten ? countId : undefined}>
          {busy ? t('phone.posting') : t('phone.postNote')}
        </Button>
      </form>
    </section>
  );
}
