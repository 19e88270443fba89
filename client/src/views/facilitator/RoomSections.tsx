import type { ControlState } from '@tributary/shared/control/state';
import { type RoomClient } from '../../sync/RoomClient.ts';
import { BADGE_LABELS, type BadgeKind } from '../../sync/presenceState.ts';
import { Feedback, PanelSection } from './FacilitationParts.tsx';
import { RemoveSomeone, ScreenLink } from './PeopleControls.tsx';
import { RoomLanguage } from './RoomLanguage.tsx';
import type { Participation } from './facilitationLogic.ts';
import { useCommand, useParticipation } from './facilitationHooks.ts';
import { t } from '../../i18n/i18n.ts';

const BADGES: BadgeKind[] = ['talk', 'listen', 'break'];

/** Pausing participants' editing of the board, and bringing everyone to the facilitator's view. */
export function BoardSection({ client, control }: { client: RoomClient; control: ControlState }) {
  const lock = useCommand(client);
  const follow = useCommand(client);
  const { following, participants } = useParticipation(client);
  return (
    <PanelSection title={t('facilitator.boardSection')}>
      <p className="fv-state">
        <span className={`fv-state__dot${control.locked ? ' fv-state__dot--paused' : ''}`} aria-hidden="true" />
        {control.locked ? t('facilitator.editingPaused') : t('facilitator.editingOpen')}
      </p>
      <button
        type="button"
        className="fv-btn"
        aria-busy={lock.busy || undefined}
        onClick={() => void lock.run({ type: control.locked ? 'board.unlock' : 'board.lock' })}
      >
        {control.locked ? t('facilitator.unlockBoard') : t('facilitator.lockBoard')}
      </button>
      <Feedback state={lock} />

      <p className="fv-state fv-state--gap">
        <span className={`fv-state__dot ${control.follow.active ? 'fv-state__dot--on' : 'fv-state__dot--off'}`} aria-hidden="true" />
        {control.follow.active
          ? t('facilitator.following', { following, notFollowing: Math.max(0, participants - following) })
          : t('facilitator.movingFreely')}
      </p>
      {control.follow.active ? (
        <button type="button" className="fv-btn" data-focus-key="follow" aria-busy={follow.busy || undefined} onClick={() => void follow.run({ type: 'follow.stop' })}>
          {t('facilitator.stopFollow')}
        </button>
      ) : (
        <button
          type="button"
          className="fv-btn"
          data-focus-key="follow"
          aria-busy={follow.busy || undefined}
          title={t('facilitator.followHint')}
          onClick={() => void follow.run({ type: 'follow.start' })}
        >
          {t('facilitator.startFollow')}
        </button>
      )}
      <Feedback state={follow} />
      <RoomLanguage client={client} control={control} />
    </PanelSection>
  );
}

/** Badge counts, and the names of only those who chose to show them. Used here and in "People here". */
export function ParticipationSummary({ participation }: { participation: Participation }) {
  const { counts, named } = participation;
  const any = counts.talk + counts.listen + counts.break > 0;
  return (
    <div className="fv-badges">
      <ul className="fv-badges__counts" aria-label={t('facilitator.howPeopleTakePart')}>
        {BADGES.map((kind) => (
          <li key={kind} className={`fv-badge fv-badge--${kind}`}>
            <span className="fv-badge__n">{counts[kind]}</span>
            <span className="fv-badge__label">{BADGE_LABELS[kind]}</span>
          </li>
        ))}
      </ul>
      {!any && <p className="fv-hint">{t('facilitator.noBadgesYet')}</p>}
      {named.length > 0 && (
        <ul className="fv-badges__names" aria-label={t('facilitator.namedBadges')}>
          {named.map((p) => (
            <li key={p.clientId}>
              <span className="fv-badges__name">{p.name}</span>: {BADGE_LABELS[p.kind].toLowerCase()}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PeopleSection({ client, onShowPeople }: { client: RoomClient; onShowPeople: () => void }) {
  const participation = useParticipation(client);
  return (
    <PanelSection title={t('facilitator.tabPeople')}>
      <ParticipationSummary participation={participation} />
      <button type="button" className="fv-btn fv-btn--small" onClick={onShowPeople}>
        {t('facilitator.seeEveryone')}
      </button>
      <RemoveSomeone client={client} />
    </PanelSection>
  );
}

/** The projector's link, with the results: what the room looks at together. */
export function ScreenSection({ client }: { client: RoomClient }) {
  return (
    <PanelSection title={t('facilitator.bigScreen')}>
      <ScreenLink client={client} />
    </PanelSection>
  );
}
