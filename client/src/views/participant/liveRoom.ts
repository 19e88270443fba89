/**
 * The phone's live room: everything that needs Yjs and the connections (the `room` chunk,
 * LIVE_ROOM in vite.config.ts). ParticipantView imports it only after its first paint
 * (useLiveRoom.ts), so the note box is on screen, from what the device kept, before any of this
 * is evaluated; these then fill their places around it.
 */
export { RoomClient } from '../../sync/RoomClient.ts';
export { Timer } from '../../ui/Timer.tsx';
