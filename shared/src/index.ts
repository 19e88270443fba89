/**
 * @tributary/shared: what the client and the server agree on. No React, Konva or Fastify here.
 */
export * from './protocol.ts';
export * from './origins.ts';
export * from './ids.ts';
export * from './joinCode.ts';
export * from './exportFileName.ts';
export * from './board/geometry.ts';
export * from './board/colors.ts';
export * from './board/records.ts';
export * from './board/note.ts';
export * from './board/area.ts';
export * from './board/schema.ts';
export * from './board/mutations.ts';
export * from './board/rules.ts';
export * from './board/refusalMessages.ts';
export * from './board/queries.ts';
export * from './board/placement.ts';
export * from './board/areaHeader.ts';
export * from './board/migrations.ts';
export * from './board/words.ts';
export * from './board/cards.ts';
export * from './board/results.ts';
export * from './control/state.ts';
export * from './control/steps.ts';
export * from './control/groups.ts';
export * from './control/postingRule.ts';
export * from './control/mutations.ts';
export * from './groupPlanning.ts';
export * from './templates/index.ts';
export * from './api.ts';
