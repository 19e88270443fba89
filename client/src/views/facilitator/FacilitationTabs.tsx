import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { t, type MessageId } from '../../i18n/i18n.ts';

/** The facilitation panel's tabs, by the task the facilitator has in hand. */
export type FacilitationTab = 'now' | 'people' | 'board' | 'results';

export const FACILITATION_TABS: ReadonlyArray<{ id: FacilitationTab; label: MessageId }> = [
  { id: 'now', label: 'facilitator.tabNow' },
  { id: 'people', label: 'facilitator.tabPeople' },
  { id: 'board', label: 'facilitator.tabBoard' },
  { id: 'results', label: 'facilitator.tabResults' },
];

export const tabId = (tab: FacilitationTab) => `fv-tab-${tab}`;
export const tabPanelId = (tab: FacilitationTab) => `fv-tabpanel-${tab}`;

/**
 * An ARIA tablist (the WAI-ARIA Authoring Practices' tabs with automatic activation): one tab
 * in the Tab order, the arrow keys, Home and End move between tabs and show each at once.
 */
export function FacilitationTabList({ tab, onChange }: { tab: FacilitationTab; onChange: (tab: FacilitationTab) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const go = (index: number) => {
    const next = FACILITATION_TABS[(index + FACILITATION_TABS.length) % FACILITATION_TABS.length]!;
    onChange(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#${tabId(next.id)}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = FACILITATION_TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: FACILITATION_TABS.length - 1 };
    const target = moves[e.key];
    if (target === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    go(target);
  };
  return (
    <div ref={list} className="fv-tabs" role="tablist" aria-label={t('facilitator.session')} onKeyDown={onKeyDown}>
      {FACILITATION_TABS.map((one) => (
        <button
          key={one.id}
          id={tabId(one.id)}
          type="button"
          role="tab"
          className="fv-tab"
          aria-selected={one.id === tab}
          aria-controls={tabPanelId(one.id)}
          tabIndex={one.id === tab ? 0 : -1}
          onClick={() => onChange(one.id)}
        >
          {t(one.label)}
        </button>
      ))}
    </div>
  );
}

/**
 * One tab's sections. Every panel stays mounted while the facilitation panel is open (only the
 * chosen one is shown), so a half-typed question or an open "are you sure" survives a look at
 * another tab.
 */
export function FacilitationTabPanel({ tab, shown, children }: { tab: FacilitationTab; shown: boolean; children: ReactNode }) {
  return (
    <div id={tabPanelId(tab)} className="fv-tabpanel" role="tabpanel" aria-labelledby={tabId(tab)} tabIndex={0} hidden={!shown}>
      {children}
    </div>
  );
}
