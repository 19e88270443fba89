import type { FastifyError, FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorReply, ImageParams, RoomParams, UploadImageReply } from '@tributary/shared/api';
import { IMAGE_ID_PREFIX } from '@tributary/shared/board/records';
import { createId } from '@tributary/shared/ids';
import { Errors } from '../errors.ts';
import { cleanImage, IMAGE_TYPES, isImageType } from '../images/cleanImage.ts';
import { NotAnImage } from '../images/imageErrors.ts';
import { boardShowsPicture } from '../images/pictureUse.ts';
import { perPerson, refuseScreen } from './notes.ts';

/**
 * Never kept by a browser or a cache: venues share tablets and laptops, and a picture whose note
 * was hidden or withdrawn must not stay readable on the device that once showed it.
 */
const IMAGE_CACHE_CONTROL = 'private, no-store';

/**
 * Pictures for notes: photos of paper notes or a flip chart, and sketches drawn on a phone
 * (docs/API.md "Images"). The bytes are checked to be the picture type they were sent as and
 * stored without any metadata (images/cleanImage.ts), under a random id, with nothing that says
 * who sent them or when. Only members of the room fetch them, and only pictures shown on the board
 * unless they facilitate.
 *
 * Registered as a plugin of its own (not fastify-plugin): the picture body parser and its limit
 * apply to these routes only, and the JSON body limit of every other route stays as it is.
 */
export default async function imageRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const { maxBytes, maxRoomBytes, perPersonPerMinute } = app.config.images;

  app.addContentTypeParser([...IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
  // Fastify's own refusals of a body, in the API's words: over the cap, or a type that is no picture.
  // Everything else goes on to the app's handler (app.ts), as it is.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new Errors.ImageTooLarge();
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_TYPE') throw new Errors.NotAnImage();
    // @fastify/rate-limit's refusal is a plain object, not an Error: rethrown, it would lose its 429.
    if (!(error instanceof Error)) return reply.code((error as { statusCode?: number }).statusCode ?? 500).send(error);
    throw error;
  });

  app.post(
    '/api/rooms/:roomId/images',
    {
      schema: { params: RoomParams, response: { 201: UploadImageReply, '4xx': ErrorReply } },
      bodyLimit: maxBytes,
      config: { rateLimit: { max: perPersonPerMinute, timeWindow: '1 minute', keyGenerator: perPerson(app.storage) } },
    },
    async (request, reply) => {
      const { roomId } = request.params;
      refuseScreen(await app.authenticate(request, roomId));
      const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!isImageType(declared) || !Buffer.isBuffer(request.body)) throw new Errors.NotAnImage();
      let bytes: Uint8Array;
      try {
        bytes = cleanImage(request.body, declared);
      } catch (error) {
        if (!(error instanceof NotAnImage)) throw error;
        request.log.info({ problem: error.message }, 'upload refused: not a picture');
        throw new Errors.NotAnImage();
      }
      const imageId = createId(IMAGE_ID_PREFIX);
      const stored = await app.storage.images.put({ roomId, id: imageId, type: declared, bytes }, maxRoomBytes);
      if (stored === 'room-full') throw new Errors.RoomImagesFull();
      reply.code(201);
      return { imageId };
    },
  );

  app.get('/api/rooms/:roomId/images/:imageId', { schema: { params: ImageParams } }, async (request, reply) => {
    const { roomId, imageId } = request.params;
    const token = await app.authenticate(request, roomId);
    // Participants and the projector see a picture only while a note on the board shows it (not
    // one hidden, held, rejected or withdrawn, nor one uploaded and never posted); the answer is
    // the same 404 as for an unknown id. The facilitator reviews held and hidden notes: any picture.
    if (token.role !== 'facilitator') {
      const shown = await app.sync.withRoomAsync(roomId, async (room) => {
        await room.catchUp(); // Another process may have placed or taken the note since this one loaded the room.
        return boardShowsPicture(room.doc('board'), imageId);
      });
      if (!shown) throw new Errors.ImageMissing();
    }
    const image = await app.storage.images.get(roomId, imageId);
    if (!image) throw new Errors.ImageMissing();
    return reply
      .type(image.type)
      .header('cache-control', IMAGE_CACHE_CONTROL)
      .header('x-content-type-options', 'nosniff')
      // Opened on its own, the picture can run nothing and load nothing.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('content-disposition', 'inline')
      .send(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
  });
}
