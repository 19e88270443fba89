import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, isDocName } from '@tributary/shared';
import { hashToken } from '../auth/tokens.ts';
import { Connection, type Transport } from '../sync/connection.ts';

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function transportFor(socket: WebSocket): Transport {
  return {
    send: (frame) => socket.send(frame, { binary: true }),
    close: (code, reason) => socket.close(code, reason),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
}

/**
 * `/yjs/:roomId/:doc?token=…`: the y-websocket endpoint. Authenticates, then hands the socket
 * to the sync core. Frames that arrive while the token is being checked wait in line.
 */
export default async function yjsRoutes(app: FastifyInstance) {
  app.get<{ Params: { roomId: string; doc: string }; Querystring: { token?: string } }>(
    '/yjs/:roomId/:doc',
    { websocket: true },
    (socket, request) => {
      const { roomId, doc } = request.params;
      const early: Uint8Array[] = [];
      let connection: Connection | null = null;

      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        if (!isBinary) {
          socket.close(CloseCode.Malformed, 'text frames are not part of the protocol');
          return;
        }
        const frame = toBytes(data);
        if (connection) connection.receive(frame);
        else early.push(frame);
      });
      socket.on('close', () => connection?.notifyClosed());
      socket.on('error', (error) => request.log.debug({ err: error.message }, 'websocket error'));

      const open = async () => {
        if (!isDocName(doc)) return socket.close(CloseCode.NotFound, 'unknown document');
        const room = await app.storage.getRoom(roomId);
        if (!room) return socket.close(CloseCode.NotFound, 'unknown room');
        const token = typeof request.query.token === 'string' ? request.query.token : '';
        const record = token ? await app.storage.findToken(hashToken(token)) : null;
        if (!record || record.roomId !== roomId) return socket.close(CloseCode.Unauthorized, 'bad token');
        if (socket.readyState !== socket.OPEN) return;
        connection = new Connection(transportFor(socket), {
          roomId,
          docName: doc,
          role: record.role,
          participantId: record.participantId,
          name: record.name,
        });
        for (const frame of early.splice(0)) connection.receive(frame);
        await app.sync.connect(connection);
      };
      open().catch((error: unknown) => {
        request.log.error({ err: error instanceof Error ? error.message : String(error), roomId }, 'opening websocket failed');
        socket.close(1011, 'server error');
      });
    },
  );
}
