import { useLayoutEffect, type RefObject } from 'react';

/**
 * Makes everything inside `ref` fit its box without scrolling: sets the CSS variable `--fit` to
 * the largest text size from `max` down to `min` pixels at which nothing overflows, and again
 * when the box changes size or `key` changes (new notes). `min` is the smallest size that can be
 * read from the back of a room; below it the box scrolls instead of shrinking further.
 */
export function useFitText(ref: RefObject<HTMLElement>, key: unknown, { max, min, step = 2 }: { max: number; min: number; step?: number }): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const overflows = () => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    const fit = () => {
      let size = max;
      el.style.setProperty('--fit', `${size}px`);
      while (size > min && overflows()) {
        size = Math.max(min, size - step);
        el.style.setProperty('--fit', `${size}px`);
      }
      el.dataset.fitPx = String(size);
    };
    fit();
    let width = el.clientWidth;
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width && el.clientHeight === height) return;
      width = el.clientWidth;
      height = el.clientHeight;
      fit();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, key, max, min, step]);
}
