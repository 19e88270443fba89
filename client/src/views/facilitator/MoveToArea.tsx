import { useId, useState } from 'react';
import type { Area } from '@tributary/shared/board/area';
import { t } from '../../i18n/i18n.ts';

const NONE = '__none__';

/**
 * "Move to…": a menu of the board's areas (and "Not in an area") and a Move button. The button
 * does the move, so going through the menu with arrow keys never moves anything by accident.
 */
export function MoveToAreaSelect({
  areas,
  count,
  label = t('facilitator.moveToArea'),
  onMove,
}: {
  areas: readonly Pick<Area, 'id' | 'title' | 'order'>[];
  /** How many notes would move, for the button's name. */
  count: number;
  label?: string;
  /** Answers how many notes moved. */
  onMove: (areaId: string | null) => number;
}) {
  const id = useId();
  const [value, setValue] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const sorted = [...areas].sort((a, b) => a.order - b.order);
  const move = () => {
    if (value === '') return;
    const areaId = value === NONE ? null : value;
    const moved = onMove(areaId);
    const where = areaId ? t('facilitator.quotedArea', { title: sorted.find((a) => a.id === areaId)?.title || t('facilitator.anUntitledArea') }) : t('facilitator.noArea');
    setDone(moved === 0 ? t('facilitator.alreadyIn', { where }) : t('facilitator.movedTo', { count: moved, where }));
    setValue('');
  };
  return (
    <span className="fv-moveto">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select
        id={id}
        className="fv-input fv-moveto__select"
        value={value}
        onChange={(e) => {
          setValue(e.currentTarget.value);
          setDone(null);
        }}
      >
        <option value="">{t('facilitator.moveTo')}</option>
        {sorted.map((a) => (
          <option key={a.id} value={a.id}>
            {a.title || t('board.untitledArea')}
          </option>
        ))}
        <option value={NONE}>{t('facilitator.notInArea')}</option>
      </select>
      <button type="button" className="fv-btn fv-btn--small" disabled={value === ''} onClick={move} aria-label={t('facilitator.moveNotes', { count })}>
        {t('facilitator.move')}
      </button>
      <span className="visually-hidden" role="status">
        {done}
      </span>
    </span>
  );
}
