import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { Area } from '@tributary/shared/board/area';
import { moveNotes, setAreaDescription, setAreaTitle } from '@tributary/shared/board/mutations';
import { AREA_DESCRIPTION_MAX, AREA_TITLE_MAX } from '@tributary/shared/board/records';
import type { ControlState } from '@tributary/shared/control/state';
import type { TemplateSummary } from '@tributary/shared/templates/types';
import { planMoveToArea } from '../../editor/keyboardBoard.ts';
import { isWordsBoard } from '@tributary/shared/board/words';
import { useStore } from '../../hooks/useStore.ts';
import { facilitatorApi } from '../../sync/facilitatorApi.ts';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { MoveToAreaSelect } from './MoveToArea.tsx';
import { ConfirmBar, Feedback } from './FacilitationParts.tsx';
import { GroupsPanel, groupsTitle } from './GroupsSection.tsx';
import { usesGroups, wordsAreaId, wordsIn } from './methodLogic.ts';
import { useCommand } from './facilitationHooks.ts';
import './methods.css';

/**
 * A part of the facilitation panel that can be folded away (methods the room does not use stay out
 * of the way, one tap from being there). A native <details>: keyboard and screen readers for free.
 */
function FoldSection({ title, open, children }: { title: ReactNode; open: boolean; children: ReactNode }) {
  return (
    <details className="fv-sec fv-fold" open={open || undefined}>
      <summary className="fv-fold__summary">
        <h3 className="fv-sec__title fv-fold__title">{title}</h3>
      </summary>
      <div className="fv-fold__body">{children}</div>
    </details>
  );
}

/** "Add a method": a template's areas and steps, added after what the room already has. */
export function AddMethodSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [picked, setPicked] = useState<TemplateSummary | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const cmd = useCommand(client);
  useEffect(() => {
    let alive = true;
    facilitatorApi
      .templates()
      .then((list) => alive && setTemplates(list))
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
    };
  }, []);
  const fresh = control.steps.length === 1 && control.steps[0]!.id === 'step-1';
  return (
    <FoldSection title={t('facilitator.addAMethod')} open={false}>
      <p className="fv-hint">{t('facilitator.methodHint')}</p>
      {failed && <p className="fv-hint">{t('facilitator.methodsFailed')}</p>}
      {!templates && !failed && <p className="fv-hint">{t('facilitator.loading')}</p>}
      {added && (
        <p className="fv-msg fv-msg--ok" role="status">
          {t('facilitator.methodAdded', { title: added })}
        </p>
      )}
      {picked ? (
        <ConfirmBar
          question={
            fresh
              ? t('facilitator.addMethodFreshQuestion', { title: picked.title })
              : t('facilitator.addMethodQuestion', { title: picked.title })
          }
          confirmLabel={t('facilitator.addMethodConfirm', { title: picked.title })}
          busy={cmd.busy}
          onConfirm={async () => {
            if (await cmd.run({ type: 'template.add', templateId: picked.id })) {
              setAdded(picked.title);
              setPicked(null);
            }
          }}
          onCancel={() => setPicked(null)}
        />
      ) : (
        templates && (
          <ul className="fv-methods">
            {templates.map((template) => (
              <li key={template.id} className="fv-methods__item">
                <span className="fv-methods__text">
                  <span className="fv-methods__title">{template.title}</span>
                  <span className="fv-methods__meta">{t('facilitator.aboutMinutes', { minutes: template.minutes })}</span>
                </span>
                <button
                  type="button"
                  className="fv-btn fv-btn--small"
                  aria-label={t('facilitator.addMethodLabel', { title: template.title })}
                  onClick={() => {
                    setAdded(null);
                    cmd.clear();
                    setPicked(template);
                  }}
                >
                  {t('facilitator.addMethod')}
                </button>
              </li>
            ))}
          </ul>
        )
      )}
      <Feedback state={cmd} />
    </FoldSection>
  );
}

/** Groups, tables, rounds and roles (GroupsSection.tsx), folded away when the method has none. */
export function GroupsSection({ client, control }: { client: RoomClient; control: ControlState }) {
  return (
    <FoldSection title={groupsTitle(control.method)} open={usesGroups(control)}>
      <GroupsPanel client={client} control={control} />
    </FoldSection>
  );
}

/** Word Association: how often each word came up, most first ("hope ×3"). */
export function WordsSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const snapshot = useStore(client.boardStore);
  const areaId = wordsAreaId(control, snapshot.areas);
  const words = useMemo(() => wordsIn(snapshot.notes.values(), areaId), [snapshot.notes, areaId]);
  const area = areaId ? snapshot.areas.get(areaId) : undefined;
  const wordsBoard = isWordsBoard(snapshot.areas.values());
  const repeated = words.filter((w) => w.count > 1).length;
  const areaList = useMemo(() => [...snapshot.areas.values()], [snapshot.areas]);
  const moveToArea = (ids: readonly string[], target: string | null): number => {
    const current = client.boardStore.get();
    const moves = planMoveToArea(current.notes, [...current.areas.values()].sort((a, b) => a.order - b.order), ids, target);
    if (moves.length > 0) moveNotes(client.board, moves);
    return moves.length;
  };
  return (
    <FoldSection title={t('facilitator.wordsTitle')} open={wordsBoard}>
      <p className="fv-hint">
        {area ? t('facilitator.wordsCountedIn', { area: area.title }) : t('facilitator.wordsCountedAll')}
        {repeated > 0 && ` ${t('facilitator.wordsRepeated', { count: repeated })}`}
      </p>
      {words.length === 0 ? (
        <p className="fv-hint">{t('facilitator.noWordsYet')}</p>
      ) : (
        <ol className={`fv-words${areaList.length > 0 ? ' fv-words--movable' : ''}`}>
          {words.slice(0, 40).map((w) => (
            <li key={w.word} className={`fv-words__item${w.count > 1 ? ' fv-words__item--dup' : ''}`}>
              <span className="fv-words__word">{w.label}</span>
              <span className="fv-words__n" aria-label={t('facilitator.wordTimes', { count: w.count })}>
                ×{w.count}
              </span>
              {areaList.length > 0 && (
                <MoveToAreaSelect
                  areas={areaList}
                  count={w.noteIds.length}
                  label={t('facilitator.moveWordNotes', { word: w.label })}
                  onMove={(target) => moveToArea(w.noteIds, target)}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {words.length > 40 && <p className="fv-hint">{t('facilitator.moreWords', { count: words.length - 40 })}</p>}
    </FoldSection>
  );
}

/** One area's title and description, editable (a World Cafe table's question, a river stage's text). */
function AreaEditor({ client, area }: { client: RoomClient; area: Area }) {
  const [title, setTitle] = useState(area.title);
  const [description, setDescription] = useState(area.description ?? '');
  const [saved, setSaved] = useState(false);
  const titleId = useId();
  const descId = useId();
  // Someone else changed it: show theirs.
  useEffect(() => setTitle(area.title), [area.title]);
  useEffect(() => setDescription(area.description ?? ''), [area.description]);
  const dirty = title !== area.title || description !== (area.description ?? '');
  return (
    <li className="fv-areas__item">
      <form
        className="fv-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (title !== area.title) setAreaTitle(client.board, area.id, title);
          if (description !== (area.description ?? '')) setAreaDescription(client.board, area.id, description.trim());
          setSaved(true);
        }}
      >
        <label className="fv-label" htmlFor={titleId}>
          {t('facilitator.areaTitle')}
        </label>
        <input
          id={titleId}
          className="fv-input"
          value={title}
          maxLength={AREA_TITLE_MAX}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <label className="fv-label" htmlFor={descId}>
          {t('facilitator.areaDescription')} <span className="fv-hint">{t('facilitator.areaDescriptionHint')}</span>
        </label>
        <textarea
          id={descId}
          className="fv-input"
          rows={2}
          value={description}
          maxLength={AREA_DESCRIPTION_MAX}
          onChange={(e) => {
            setDescription(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <div className="fv-row">
          <button type="submit" className="fv-btn fv-btn--small" disabled={!dirty} aria-label={t('facilitator.saveArea', { title: area.title || t('facilitator.untitledAreaLower') })}>
            {t('facilitator.save')}
          </button>
          <span role="status" className="fv-hint">
            {saved && !dirty ? t('facilitator.saved') : ''}
          </span>
        </div>
      </form>
    </li>
  );
}

/** The board's areas with their titles and descriptions, editable without the canvas. */
export function AreasSection({ client }: { client: RoomClient }) {
  const snapshot = useStore(client.boardStore);
  const areas = useMemo(() => [...snapshot.areas.values()].sort((a, b) => a.order - b.order), [snapshot.areas]);
  return (
    <FoldSection title={t('facilitator.areasTitle')} open={false}>
      {areas.length === 0 ? (
        <p className="fv-hint">{t('facilitator.noAreasYet')}</p>
      ) : (
        <ul className="fv-areas">
          {areas.map((area) => (
            <AreaEditor key={area.id} client={client} area={area} />
          ))}
        </ul>
      )}
    </FoldSection>
  );
}
