import { useStore } from '../../hooks/useStore.ts';
import type { EditorController } from '../../editor/EditorController.ts';
import { displayName, presenceSummary } from '../../editor/presence.ts';
import { CloseIcon } from './icons.tsx';

/** Who is here now: one plain sentence, then everyone by name, marked "(you)" and "facilitator". */
export function PresencePanel({ editor, onClose }: { editor: EditorController; onClose: () => void }) {
  const people = useStore(editor.people);
  return (
    <section id="fv-people" className="fv-popover fv-people" aria-labelledby="fv-people-title">
      <div className="fv-popover__head">
        <h2 id="fv-people-title" className="fv-popover__title">
          People here
        </h2>
        <button type="button" className="fv-btn fv-btn--icon" onClick={onClose} aria-label="Close the list of people" title="Close">
          <CloseIcon />
        </button>
      </div>
      <p className="fv-people__summary">{presenceSummary(people)}</p>
      <ul className="fv-people__list">
        {people.map((user) => (
          <li key={user.clientId} className="fv-people__item">
            <span className="fv-people__dot" style={{ background: user.color }} aria-hidden="true" />
            <span className="fv-people__name">
              {displayName(user)}
              {user.isSelf && <span className="fv-people__you"> (you)</span>}
            </span>
            {user.role === 'facilitator' && <span className="fv-people__role">facilitator</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
