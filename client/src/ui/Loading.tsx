import { t } from '../i18n/i18n.ts';

/** A calm placeholder while a view's code or data arrives (no spinner: it costs nothing to draw). */
export function Loading({ label = t('common.loading') }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <p>{label}</p>
    </div>
  );
}
