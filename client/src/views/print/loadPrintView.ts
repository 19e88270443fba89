/**
 * Loads the print view, for main.tsx. A step between them on purpose: Vite lists, in the file
 * that asks for a chunk, the names of every file that chunk needs, to preload them. Asked from
 * main.tsx, the print view's files would be named in every first load, phones included; asked
 * from here, only this file's name is. Import nothing else here (React would split into a chunk
 * of its own for it).
 */
export const loadPrintView = () => import('./PrintView.tsx');
