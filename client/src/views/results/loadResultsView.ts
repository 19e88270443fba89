/**
 * Loads the results page, for main.tsx: a step between them on purpose, as for the print view
 * (loadPrintView.ts says why: only this file's name goes into every first load). Import nothing
 * else here.
 */
export const loadResultsView = () => import('./ResultsView.tsx');
