import { t } from '../i18n/i18n.ts';
import { Button } from './Button.tsx';

/**
 * "Take a break", always one tap away in the header. While on a break it reads "I'm back".
 * Stepping out needs no reason and no permission.
 */
export function BreakButton({ onBreak, onChange }: { onBreak: boolean; onChange: (onBreak: boolean) => void }) {
  return (
    <Button variant={onBreak ? 'primary' : 'secondary'} className="break-button" onClick={() => onChange(!onBreak)}>
      {onBreak ? t('room.imBack') : t('room.takeABreak')}
    </Button>
  );
}

export default BreakButton;
