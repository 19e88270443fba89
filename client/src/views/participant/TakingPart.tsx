import { t } from '../../i18n/i18n.ts';
import { useCallback, useEffect, useId, useState } from 'react';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { BADGE_LABELS, type BadgeKind, type PresenceState } from '../../sync/presenceState.ts';
import { Button } from '../../ui/Button.tsx';
import { keep, readKeptJson } from '../../sync/deviceStorage.ts';

export type Badge = PresenceState['badge'];

const BADGE_KEY = 'tributary:badge:';

function load(roomId: string): Badge {
  const parsed = readKeptJson(BADGE_KEY + roomId) as Badge;
  if (parsed && (parsed.kind === 'talk' || parsed.kind === 'listen' || parsed.kind === 'break')) {
    return { kind: parsed.kind, showName: parsed.showName === true };
  }
  return null;
}

function save(roomId: string, badge: Badge): void {
  // Storage refused: the badge lasts as long as the page.
  keep(BADGE_KEY + roomId, badge ? JSON.stringify(badge) : null);
}

/**
 * The person's participation badge (happy to talk, listening, on a break), shared through
 * presence and kept on the phone so a reload or a lost signal does not drop it. Shared once the
 * live room (`client`) is here; until then it is only shown.
 */
export function useBadge(roomId: string, client: RoomClient | null): [Badge, (badge: Badge) => void] {
  const [badge, setBadgeState] = useState<Badge>(() => load(roomId));
  useEffect(() => {
    client?.setPresence({ badge });
  }, [client, badge]);
  const setBadge = useCallback(
    (next: Badge) => {
      save(roomId, next);
      setBadgeState(next);
    },
    [roomId],
  );
  return [badge, setBadge];
}

/** The calm full-width banner while someone is on a break. */
export function BreakBanner({ onBack }: { onBack: () => void }) {
  return (
    <div className="break-banner" role="status">
      <p className="break-banner__text">{t('phone.onBreakBanner')}</p>
      <Button variant="secondary" onClick={onBack}>
        {t('room.imBack')}
      </Button>
    </div>
  );
}

const CHOICES: ReadonlyArray<BadgeKind | 'none'> = ['talk', 'listen', 'break', 'none'];
const choiceLabel = (value: BadgeKind | 'none') => (value === 'none' ? t('phone.noBadge') : BADGE_LABELS[value]);

/** "How are you taking part?": one badge or none, and whether the name shows with it (off unless chosen). */
export function BadgeChoice({ badge, hasName, onChange }: { badge: Badge; hasName: boolean; onChange: (badge: Badge) => void }) {
  const id = useId();
  const [showName, setShowName] = useState(badge?.showName === true);
  const current = badge?.kind ?? 'none';
  const choose = (value: BadgeKind | 'none', withName = showName) => {
    onChange(value === 'none' ? null : { kind: value, showName: hasName && withName });
  };
  return (
    <section className="card taking-part" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('phone.howTakingPart')}</h2>
      <p className="muted">{t('phone.badgeHint')}</p>
      <fieldset className="choice">
        <legend className="visually-hidden">{t('phone.yourBadge')}</legend>
        {CHOICES.map((choice) => (
          <label key={choice} className="choice__option">
            <input type="radio" name={`${id}-badge`} checked={current === choice} onChange={() => choose(choice)} />
            <span>{choiceLabel(choice)}</span>
          </label>
        ))}
      </fieldset>
      {hasName ? (
        <label className="choice__option choice__option--check">
          <input
            type="checkbox"
            checked={showName}
            onChange={(e) => {
              const next = e.currentTarget.checked;
              setShowName(next);
              if (badge) choose(badge.kind, next);
            }}
          />
          <span>{t('phone.showNameWithBadge')}</span>
        </label>
      ) : (
        <p className="muted">{t('phone.badgeWithoutName')}</p>
      )}
    </section>
  );
}
