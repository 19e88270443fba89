import { t } from '../../i18n/i18n.ts';
import { printPath } from '../print/printPath.ts';
import { PanelSection } from './FacilitationParts.tsx';

/**
 * For people taking part without a phone, and for taking the outcome to people who are not
 * online: each sheet opens in a tab of its own, ready to print (A4 or US Letter), in the room's
 * language (the one its phones use), so the handout reads like the room.
 */
export function PaperSection({ roomId }: { roomId: string }) {
  return (
    <PanelSection title={t('facilitator.onPaper')}>
      <ul className="fv-export__list">
        <li className="fv-export__item">
          <a className="fv-btn fv-export__btn fv-paper__link" href={printPath(roomId, 'handout')} target="_blank" rel="noopener">
            {t('facilitator.printHandout')}
          </a>
          <span className="fv-export__hint">{t('facilitator.printHandoutHint')}</span>
        </li>
        <li className="fv-export__item">
          <a className="fv-btn fv-export__btn fv-paper__link" href={printPath(roomId, 'results')} target="_blank" rel="noopener">
            {t('facilitator.printResults')}
          </a>
          <span className="fv-export__hint">{t('facilitator.printResultsHint')}</span>
        </li>
      </ul>
      <p className="fv-export__hint">{t('facilitator.paperLanguage')}</p>
    </PanelSection>
  );
}
