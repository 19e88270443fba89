import { t } from '../../i18n/i18n.ts';
import { ROUND_COLORS, type MarkerChart } from '@tributary/shared/board/results';
import { peopleWord } from '../participant/methods.ts';

/**
 * Markers on each area for every round shown so far, side by side: a table whose rows are the
 * areas (rungs, stages) and whose columns are the rounds ("Your organisation", "Where we should
 * be"). Each cell has a bar and its number in words, so the comparison reads without colour.
 */
export function MarkerChartTable({ chart, caption }: { chart: MarkerChart; caption: string }) {
  return (
    <table className="marker-chart">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="marker-chart__area-head">
            <span className="visually-hidden">{t('presenter.where')}</span>
          </th>
          {chart.rounds.map((r, i) => (
            <th key={r.round} scope="col" className="marker-chart__round">
              <span className="marker-chart__key" style={{ backgroundColor: ROUND_COLORS[i % ROUND_COLORS.length] }} aria-hidden="true" />
              <span dir="auto">{r.title}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {chart.rows.map((row) => (
          <tr key={row.areaId}>
            <th scope="row" className="marker-chart__area" dir="auto">
              {row.title}
            </th>
            {row.counts.map((count, i) => (
              <td key={chart.rounds[i]!.round} className="marker-chart__cell">
                <span className="marker-chart__track" aria-hidden="true">
                  <span className="marker-chart__bar" style={{ width: `${(count / chart.max) * 100}%`, backgroundColor: ROUND_COLORS[i % ROUND_COLORS.length] }} />
                </span>
                <span className="marker-chart__count">{peopleWord(count)}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
