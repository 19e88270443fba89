import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { isWordsBoard } from '@tributary/shared/board/words';
import type { EditorController } from '../../editor/EditorController.ts';
import { useStore } from '../../hooks/useStore.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { AnonymousSection, HiddenSection, PrivateSection, VotingSection } from './ActivitySections.tsx';
import { CoFacilitatorLink, ExportSection } from './ExportSection.tsx';
import { CloseIcon } from './icons.tsx';
import { AddMethodSection, AreasSection, GroupsSection, WordsSection } from './MethodSections.tsx';
import { SaveMethodSection } from './SaveMethodSection.tsx';
import { usesGroups } from './methodLogic.ts';
import { BoardSection, PeopleSection, ScreenSection } from './RoomSections.tsx';
import { DeleteRoomSection } from './DeleteRoomSection.tsx';
import { PaperSection } from './PaperSection.tsx';
import { ShareResultsSection } from './ShareResultsSection.tsx';
import { PhotosSection } from './PhotosSection.tsx';
import { CurrentStep, StepList } from './StepsSections.tsx';
import { FacilitationTabList, FacilitationTabPanel, type FacilitationTab } from './FacilitationTabs.tsx';
import { TimerSection } from './TimerSection.tsx';
import { QueueSection } from './QueueSection.tsx';
import { WordFilterSection } from './WordFilterSection.tsx';
import { useFocusKeeper } from './useFocusKeeper.ts';
import { t } from '../../i18n/i18n.ts';

/**
 * Running the session, by task, in four tabs:
 * - Now: the step and its question, the timer, and what the step needs (reveal, anonymous
 *   release, voting), then the whole script.
 * - People: groups, badges, taking someone out.
 * - Board: pausing editing and "bring everyone here", hidden notes, the word filter, areas,
 *   adding a method.
 * Above the tabs, "Waiting for you": notes the facilitator checks before anyone sees them.
 * - Results and export: the files to keep, paper (a handout, printed results), the screen link,
 *   a co-facilitator link, deleting.
 * A side panel on a laptop; a sheet on a phone. Each section is a component of its own, placed
 * in its tab with one line below.
 */
export function FacilitationPanel({
  client,
  editor,
  title,
  sheet,
  tab,
  onTab,
  onClose,
  onShowPeople,
}: {
  client: RoomClient;
  editor: EditorController;
  /** The session's title, for the names of exported files. */
  title: string;
  /** Phone layout: a sheet over the board that takes focus when opened. */
  sheet: boolean;
  tab: FacilitationTab;
  onTab: (tab: FacilitationTab) => void;
  onClose: () => void;
  onShowPeople: () => void;
}) {
  const control = useStore(client.controlStore);
  const step = control.steps[control.stepIndex]!;
  const titleRef = useRef<HTMLHeadingElement>(null);
  const exportHeading = useRef<HTMLHeadingElement>(null);
  const body = useRef<HTMLDivElement>(null);
  useFocusKeeper(body);

  useEffect(() => {
    if (sheet) titleRef.current?.focus();
  }, [sheet]);

  // Only a yes/no from the board, so board changes do not re-render the whole panel.
  const wordsBoard = useSyncExternalStore(
    client.boardStore.subscribe,
    useCallback(() => isWordsBoard(client.boardStore.get().areas.values()), [client]),
  );
  const groupsUsed = usesGroups(control);
  const showAnonymousWaiting = control.mode === 'anonymous' || control.pendingAnonymous > 0;
  const showExport = useCallback(() => {
    onTab('results');
    requestAnimationFrame(() => {
      exportHeading.current?.scrollIntoView({ block: 'start' });
      exportHeading.current?.focus();
    });
  }, [onTab]);

  return (
    <>
      {sheet && <div className="fv-sheet-backdrop" aria-hidden="true" onClick={onClose} />}
      <aside id="fv-session" className={`fv-session${sheet ? ' fv-session--sheet' : ''}`} aria-labelledby="fv-session-title">
        <div className="fv-session__head">
          <h2 id="fv-session-title" className="fv-session__title" ref={titleRef} tabIndex={-1}>
            {t('facilitator.session')}
          </h2>
          <button type="button" className="fv-btn fv-btn--icon" onClick={onClose} aria-label={t('facilitator.hideSessionPanel')} title={t('facilitator.hideSessionPanel')}>
            <CloseIcon />
          </button>
        </div>
        <FacilitationTabList tab={tab} onChange={onTab} />
        <div className="fv-session__body" ref={body}>
          {/* Notes waiting for the facilitator: above the tabs, so they are never out of sight. */}
          <QueueSection client={client} control={control} />
          <FacilitationTabPanel tab="now" shown={tab === 'now'}>
            <CurrentStep client={client} control={control} />
            <TimerSection client={client} control={control} />
            {/* In a method with groups (World Cafe, Troika) rounds are part of running the step. */}
            {groupsUsed && <GroupsSection client={client} control={control} />}
            {control.mode === 'private' && <PrivateSection client={client} control={control} />}
            <VotingSection key={step.id} client={client} control={control} />
            <AnonymousSection client={client} control={control} showWaiting={showAnonymousWaiting} />
            {wordsBoard && <WordsSection client={client} control={control} />}
            <StepList client={client} control={control} />
          </FacilitationTabPanel>
          <FacilitationTabPanel tab="people" shown={tab === 'people'}>
            {!groupsUsed && <GroupsSection client={client} control={control} />}
            <PeopleSection client={client} onShowPeople={onShowPeople} />
          </FacilitationTabPanel>
          <FacilitationTabPanel tab="board" shown={tab === 'board'}>
            <BoardSection client={client} control={control} />
            <PhotosSection client={client} />
            <HiddenSection client={client} control={control} />
            <WordFilterSection client={client} />
            <AreasSection client={client} />
            {!wordsBoard && <WordsSection client={client} control={control} />}
            <AddMethodSection client={client} control={control} />
            <SaveMethodSection client={client} title={title} />
          </FacilitationTabPanel>
          <FacilitationTabPanel tab="results" shown={tab === 'results'}>
            <ExportSection ref={exportHeading} client={client} control={control} editor={editor} title={title} />
            <PaperSection roomId={client.roomId} />
            <ShareResultsSection client={client} />
            <ScreenSection client={client} />
            <CoFacilitatorLink client={client} />
            <DeleteRoomSection client={client} onExportFirst={showExport} />
          </FacilitationTabPanel>
        </div>
      </aside>
    </>
  );
}
