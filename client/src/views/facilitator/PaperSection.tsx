import { printPath } from '../print/printPath.ts';
import { PanelSection } from './SessionParts.tsx';

/**
 * For people taking part without a phone, and for taking the outcome to people who are not
 * online: each sheet opens in a tab of its own, ready to print (A4 or US Letter).
 */
export function PaperSection({ roomId }: { roomId: string }) {
  return (
    <PanelSection title="On paper">
      <ul className="fv-export__list">
        <li className="fv-export__item">
          <a className="fv-btn fv-export__btn fv-paper__link" href={printPath(roomId, 'handout')} target="_blank" rel="noopener">
            Print a handout
          </a>
          <span className="fv-export__hint">the question, the join code and big boxes to write in, for people without a phone</span>
        </li>
        <li className="fv-export__item">
          <a className="fv-btn fv-export__btn fv-paper__link" href={printPath(roomId, 'results')} target="_blank" rel="noopener">
            Print results
          </a>
          <span className="fv-export__hint">by area, with totals and the charts, to post up or hand out</span>
        </li>
      </ul>
    </PanelSection>
  );
}
