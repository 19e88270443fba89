import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'button, input, select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';

/** What is known of a control at the moment it lost focus, to find it (or its successor) again. */
interface Lost {
  element: HTMLElement;
  /** `data-focus-key`: controls that take each other's place (Start, Pause, Resume) share one. */
  key: string | null;
  /** Its tag and name, to find it again when its section re-rendered it as a new element. */
  label: string;
  section: HTMLElement | null;
  /** Its place among the section's controls, for the control that took its place. */
  index: number;
  /** Set once the control was seen disabled: focus comes back when it is enabled again. */
  waiting: boolean;
  since: number;
}

const labelOf = (el: HTMLElement) => `${el.tagName}|${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}`;
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled === true;
const usable = (el: HTMLElement) => el.isConnected && !isDisabled(el) && el.getClientRects().length > 0;
const controlsIn = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(usable);

/** Give up on a control that stays disabled longer than a command ever takes. */
const WAIT_LIMIT_MS = 15_000;

/**
 * Keeps keyboard focus on the session panel's controls through what a command changes: a button
 * that is disabled for a moment gets focus back when it is enabled again, and one that is
 * replaced (Start becoming Pause, "Go to this step" leaving the step that is now current)
 * hands focus to its successor: the control with the same `data-focus-key`, the same name, the
 * same place in its section, or else the tab itself. Without this, the browser drops focus on
 * the page body and a keyboard or screen-reader user starts again from the top.
 *
 * Focus the person moves elsewhere (a click on the board, Tab out of the panel) is left alone.
 */
export function useFocusKeeper(container: RefObject<HTMLElement>): void {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    let lost: Lost | null = null;

    const focusLost = () => {
      const active = document.activeElement;
      return !active || active === document.body || !active.isConnected;
    };

    const successor = (from: Lost): HTMLElement | null => {
      if (from.key) {
        const same = [...root.querySelectorAll<HTMLElement>(`[data-focus-key="${CSS.escape(from.key)}"]`)].find(usable);
        if (same) return same;
      }
      const section = from.section?.isConnected ? from.section : null;
      const scope = section ?? root.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden])') ?? root;
      const controls = controlsIn(scope);
      const named = controls.find((el) => labelOf(el) === from.label);
      if (named) return named;
      if (section && controls.length > 0) return controls[Math.min(from.index, controls.length - 1)]!;
      return root.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden])');
    };

    const settle = () => {
      if (!lost) return;
      if (!focusLost()) {
        lost = null;
        return;
      }
      const { element } = lost;
      if (element.isConnected && isDisabled(element)) {
        // Busy for a moment: wait for it to be enabled again (or replaced).
        lost.waiting = true;
        if (Date.now() - lost.since > WAIT_LIMIT_MS) lost = null;
        return;
      }
      if (usable(element)) {
        // Still there and usable: the person moved away themselves, unless it had been disabled.
        if (lost.waiting) element.focus();
        lost = null;
        return;
      }
      const next = successor(lost);
      lost = null;
      next?.focus();
    };

    const onFocusOut = (e: FocusEvent) => {
      const target = e.target;
      if (!(target instanceof HTMLElement)) return;
      if (e.relatedTarget instanceof Node && root.contains(e.relatedTarget)) return;
      if (e.relatedTarget) {
        lost = null;
        return;
      }
      const section = target.closest<HTMLElement>('section, details, [role="group"]');
      lost = {
        element: target,
        key: target.dataset.focusKey ?? null,
        label: labelOf(target),
        section,
        // Counted while it is still there (and before a disabled control would be left out).
        index: section ? [...section.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el === target || usable(el)).indexOf(target) : 0,
        waiting: false,
        since: Date.now(),
      };
      // After the change that removed or disabled it has finished (React commits in one go).
      queueMicrotask(settle);
    };
    const onFocusIn = () => {
      lost = null;
    };
    const observer = new MutationObserver(() => {
      if (lost?.waiting) settle();
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'hidden'] });
    root.addEventListener('focusout', onFocusOut);
    root.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      root.removeEventListener('focusout', onFocusOut);
      root.removeEventListener('focusin', onFocusIn);
    };
  }, [container]);
}
