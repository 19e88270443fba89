import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { hasWordsArea } from '../../canvas/boardMarks.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { AnonymousSection, HiddenSection, PrivateSection, VotingSection } from './ActivitySections.tsx';
import { CloseIcon } from './icons.tsx';
import { AddMethodSection, AreasSection, GroupsSection, WordsSection } from './MethodSections.tsx';
import { usesGroups } from './methodLogic.ts';
import { BoardSection, PeopleSection } from './RoomSections.tsx';
import { DeleteRoomSection } from './DeleteRoomSection.tsx';
import { CurrentStep, StepList } from './StepsSections.tsx';
import { TimerSection } from './TimerSection.tsx';

/**
 * Running the session: the current step and its question, the timer, what the step needs
 * (reveal, anonymous release, voting), the board lock and "bring everyone here", people's
 * badges, hidden notes and the script. A side panel on a laptop; a sheet on a phone.
 */
export function SessionPanel({
  client,
  sheet,
  onClose,
  onShowPeople,
}: {
  client: RoomClient;
  /** Phone layout: a sheet over the board that takes focus when opened. */
  sheet: boolean;
  onClose: () => void;
  onShowPeople: () => void;
}) {
  const control = useStore(client.controlStore);
  const step = control.steps[control.stepIndex]!;
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (sheet) titleRef.current?.focus();
  }, [sheet]);

  const groupsUsed = usesGroups(control);
  // Only a yes/no from the board, so board changes do not re-render the whole panel.
  const wordsBoard = useSyncExternalStore(
    client.boardStore.subscribe,
    useCallback(() => hasWordsArea(client.boardStore.get().areas.values()), [client]),
  );
  const showAnonymousWaiting = control.mode === 'anonymous' || control.pendingAnonymous > 0;

  return (
    <>
      {sheet && <div className="fv-sheet-backdrop" aria-hidden="true" onClick={onClose} />}
      <aside id="fv-session" className={`fv-session${sheet ? ' fv-session--sheet' : ''}`} aria-labelledby="fv-session-title">
        <div className="fv-session__head">
          <h2 id="fv-session-title" className="fv-session__title" ref={titleRef} tabIndex={-1}>
            Session
          </h2>
          <button type="button" className="fv-btn fv-btn--icon" onClick={onClose} aria-label="Hide the session panel" title="Hide the session panel">
            <CloseIcon />
          </button>
        </div>
        <div className="fv-session__body">
          <CurrentStep client={client} control={control} />
          <TimerSection client={client} control={control} />
          {groupsUsed && <GroupsSection client={client} control={control} />}
          {control.mode === 'private' && <PrivateSection client={client} control={control} />}
          {wordsBoard && <WordsSection client={client} control={control} />}
          {control.mode === 'voting' && <VotingSection key={step.id} client={client} control={control} />}
          <AnonymousSection client={client} control={control} showWaiting={showAnonymousWaiting} />
          {control.mode !== 'voting' && <VotingSection key={step.id} client={client} control={control} />}
          <BoardSection client={client} control={control} />
          <HiddenSection client={client} control={control} />
          <PeopleSection client={client} onShowPeople={onShowPeople} />
          <StepList client={client} control={control} />
          <AreasSection client={client} />
          <AddMethodSection client={client} control={control} />
          {!groupsUsed && <GroupsSection client={client} control={control} />}
          {!wordsBoard && <WordsSection client={client} control={control} />}
          <DeleteRoomSection client={client} />
        </div>
      </aside>
    </>
  );
}
