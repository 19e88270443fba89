import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** The session panel's tabs, by the task the facilitator has in hand. */
export type SessionTab = 'now' | 'people' | 'board' | 'results';

export const SESSION_TABS: ReadonlyArray<{ id: SessionTab; label: string }> = [
  { id: 'now', label: 'Now' },
  { id: 'people', label: 'People' },
  { id: 'board', label: 'Board' },
  { id: 'results', label: 'Results and export' },
];

export const tabId = (tab: SessionTab) => `fv-tab-${tab}`;
export const tabPanelId = (tab: SessionTab) => `fv-tabpanel-${tab}`;

/**
 * An ARIA tablist (the WAI-ARIA Authoring Practices' tabs with automatic activation): one tab
 * in the Tab order, the arrow keys, Home and End move between tabs and show each at once.
 */
export function SessionTabList({ tab, onChange }: { tab: SessionTab; onChange: (tab: SessionTab) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const go = (index: number) => {
    const next = SESSION_TABS[(index + SESSION_TABS.length) % SESSION_TABS.length]!;
    onChange(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#${tabId(next.id)}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = SESSION_TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: SESSION_TABS.length - 1 };
    const target = moves[e.key];
    if (target === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    go(target);
  };
  return (
    <div ref={list} className="fv-tabs" role="tablist" aria-label="Session" onKeyDown={onKeyDown}>
      {SESSION_TABS.map((t) => (
        <button
          key={t.id}
          id={tabId(t.id)}
          type="button"
          role="tab"
          className="fv-tab"
          aria-selected={t.id === tab}
          aria-controls={tabPanelId(t.id)}
          tabIndex={t.id === tab ? 0 : -1}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/**
 * One tab's sections. Every panel stays mounted while the session panel is open (only the
 * chosen one is shown), so a half-typed question or an open "are you sure" survives a look at
 * another tab.
 */
export function SessionTabPanel({ tab, shown, children }: { tab: SessionTab; shown: boolean; children: ReactNode }) {
  return (
    <div id={tabPanelId(tab)} className="fv-tabpanel" role="tabpanel" aria-labelledby={tabId(tab)} tabIndex={0} hidden={!shown}>
      {children}
    </div>
  );
}
