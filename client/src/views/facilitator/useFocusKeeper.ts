import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'button, input, select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])';

/** What is known of a focused control, to find it (or its successor) again once it has gone. */
interface Lost {
  element: HTMLElement;
  /** `data-focus-key`: controls that take each other's place (Start, Pause, Resume) share one. */
  key: string | null;
  /** Its tag and name, to find it again when its section re-rendered it as a new element. */
  label: string;
  section: HTMLElement | null;
  /** Its place among the section's controls, for the control that took its place. */
  index: number;
  /** When it got focus: a press outside the panel after this took focus away on purpose. */
  focusedAt: number;
  /** When it lost focus: a control left disabled longer than a command takes is given up on. */
  lostAt: number;
}

const labelOf = (el: HTMLElement) => `${el.tagName}|${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}`;
const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled === true;
const usable = (el: HTMLElement) => el.isConnected && !isDisabled(el) && el.getClientRects().length > 0;
const controlsIn = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(usable);

/** Give up on a control that stays disabled longer than a command ever takes. */
const WAIT_LIMIT_MS = 15_000;

/**
 * Keeps keyboard focus on the facilitation panel's controls through what a command changes: a button
 * that is disabled for a moment gets focus back when it is enabled again, and one that is
 * replaced (Start becoming Pause, "Go to this step" leaving the step that is now current)
 * hands focus to its successor: the control with the same `data-focus-key`, the same name, the
 * same place in its section, or else the tab itself. Without this, the browser drops focus on
 * the page body and a keyboard or screen-reader user starts again from the top.
 *
 * Focus the person moves elsewhere (a click on the board, Tab out of the panel) is left alone.
 * A control that is still there, enabled, after losing focus without a click elsewhere was
 * moved (a step moved up the list): it gets focus back.
 */
export function useFocusKeeper(container: RefObject<HTMLElement>): void {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    // The control that has (or last had) focus in the panel, described when it got it: the browser
    // does not always say when a focused control goes (not when a parent of it is removed).
    let current: Lost | null = null;
    // The last press of a pointer outside the panel: focus lost after it was the person's doing.
    let pressedOutsideAt = 0;
    const onPointerDown = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || !root.contains(e.target)) pressedOutsideAt = Date.now();
    };

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
      if (!current || !focusLost()) return;
      const { element } = current;
      if (element.isConnected && isDisabled(element)) {
        // Busy for a moment: wait for it to be enabled again (or replaced).
        if (Date.now() - current.lostAt > WAIT_LIMIT_MS) current = null;
        return;
      }
      // Enabled again or moved within its list (the same element), or else what took its place.
      const next = usable(element) ? element : successor(current);
      next?.focus();
    };

    const describe = (target: HTMLElement): Lost => {
      const section = target.closest<HTMLElement>('section, details, [role="group"]');
      return {
        element: target,
        key: target.dataset.focusKey ?? null,
        label: labelOf(target),
        section,
        index: section ? controlsIn(section).indexOf(target) : 0,
        focusedAt: Date.now(),
        lostAt: 0,
      };
    };
    const onFocusIn = (e: FocusEvent) => {
      current = e.target instanceof HTMLElement && e.target !== root ? describe(e.target) : null;
    };
    const onFocusOut = (e: FocusEvent) => {
      if (e.relatedTarget instanceof Node && root.contains(e.relatedTarget)) return;
      if (e.relatedTarget || (current && pressedOutsideAt >= current.focusedAt)) {
        current = null;
        return;
      }
      if (current) current.lostAt = Date.now();
      // After the change that removed or disabled it has finished (React commits in one go).
      queueMicrotask(settle);
    };
    const observer = new MutationObserver(settle);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'hidden'] });
    root.addEventListener('focusout', onFocusOut);
    root.addEventListener('focusin', onFocusIn);
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => {
      observer.disconnect();
      document.removeEventListener('pointerdown', onPointerDown, true);
      root.removeEventListener('focusout', onFocusOut);
      root.removeEventListener('focusin', onFocusIn);
    };
  }, [container]);
}
