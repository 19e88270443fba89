import { useStore } from '../../hooks/useStore.ts';
import type { EditorController } from '../../editor/EditorController.ts';
import { displayName, presenceSummary } from '../../editor/presence.ts';
import { type RoomClient } from '../../sync/RoomClient.ts';
import { BADGE_LABELS } from '../../sync/presenceState.ts';
import { CloseIcon } from './icons.tsx';
import { ParticipationSummary } from './RoomSections.tsx';
import { useParticipation } from './facilitationHooks.ts';
import { t } from '../../i18n/i18n.ts';

/**
 * Who is here now: one plain sentence, how people are taking part (badge counts), then everyone
 * by name, marked "(you)" and "facilitator", with their badge only when they chose to show it.
 */
export function PresencePanel({ editor, client, onClose }: { editor: EditorController; client?: RoomClient; onClose: () => void }) {
  const people = useStore(editor.people);
  return (
    <section id="fv-people" className="fv-popover fv-people" aria-labelledby="fv-people-title">
      <div className="fv-popover__head">
        <h2 id="fv-people-title" className="fv-popover__title">
          {t('facilitator.peopleHere')}
        </h2>
        <button type="button" className="fv-btn fv-btn--icon" onClick={onClose} aria-label={t('facilitator.closePeople')} title={t('facilitator.close')}>
          <CloseIcon />
        </button>
      </div>
      <p className="fv-people__summary">{presenceSummary(people)}</p>
      {client && <PeopleBadges client={client} />}
      <ul className="fv-people__list">
        {people.map((user) => (
          <li key={user.clientId} className="fv-people__item">
            <span className="fv-people__dot" style={{ background: user.color }} aria-hidden="true" />
            <span className="fv-people__name">
              {displayName(user)}
              {user.isSelf && <span className="fv-people__you"> {t('facilitator.you')}</span>}
            </span>
            {user.role === 'facilitator' && <span className="fv-people__role">{t('facilitator.facilitatorRole')}</span>}
            {client && <NamedBadge client={client} clientId={user.clientId} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PeopleBadges({ client }: { client: RoomClient }) {
  return <ParticipationSummary participation={useParticipation(client)} />;
}

/** A person's badge, only if they chose to show it with their name. */
function NamedBadge({ client, clientId }: { client: RoomClient; clientId: number }) {
  const named = useParticipation(client).named.find((p) => p.clientId === clientId);
  if (!named) return null;
  return <span className={`fv-people__badge fv-badge--${named.kind}`}>{BADGE_LABELS[named.kind]}</span>;
}
