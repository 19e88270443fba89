import { Button } from './Button.tsx';

/**
 * "Take a break", always one tap away in the header. While on a break it reads "I'm back".
 * Stepping out needs no reason and no permission.
 */
export function BreakButton({ onBreak, onChange }: { onBreak: boolean; onChange: (onBreak: boolean) => void }) {
  return (
    <Button variant={onBreak ? 'primary' : 'secondary'} className="break-button" onClick={() => onChange(!onBreak)}>
      {onBreak ? 'I’m back' : 'Take a break'}
    </Button>
  );
}

export default BreakButton;
