import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Text for one polite live region. Saying the same thing twice ("Your note is on the board"
 * after a second note) must still be heard, so the region is emptied for a moment first.
 */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useCallback((next: string) => {
    clearTimeout(timer.current);
    setMessage('');
    timer.current = setTimeout(() => {
      setMessage(next);
      // Clear it after a while, so an old message is not left on screen as if it were news.
      timer.current = setTimeout(() => setMessage(''), 12000);
    }, 60);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [message, announce];
}
