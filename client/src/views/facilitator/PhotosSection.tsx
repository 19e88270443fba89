import { t, withMessages } from '../../i18n/i18n.ts';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../sync/api.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { PictureNotSent, type PictureSource } from '../../pictures/pictureNote.ts';
import { PanelSection } from './FacilitationParts.tsx';

const PhotoOfPaper = lazyPart(() => withMessages(import('../../pictures/PhotoOfPaper.tsx'), 'pictures').then((m) => m.PhotoOfPaper));

/**
 * Photos of paper notes or a flip chart, for the people who wrote on paper: each photo goes on
 * the board as a note, with what the paper says typed in (or what it shows). It is posted the way
 * every note is (the outbox and `POST /notes`): only the server writes a picture onto a note.
 * After each one the form is empty again, ready for the next sheet.
 */
export function PhotosSection({ client }: { client: RoomClient }) {
  const source = useRef<PictureSource | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    const picture = source.current;
    if (busy || !picture) return;
    const missing = picture.missing();
    if (missing) {
      setMessage({ text: missing, error: true });
      picture.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const content = await picture.upload();
      const outcome = await client.outbox.post(
        { ...(content.text ? { text: content.text } : {}), imageId: content.imageId, imageKind: content.imageKind },
        false,
      );
      picture.reset();
      const said = outcome.kind === 'queued' ? 'facilitator.photoWaiting' : outcome.reply.status === 'visible' ? 'facilitator.photoPosted' : 'facilitator.photoHeld';
      setMessage({ text: t(said), error: false });
      picture.focus();
    } catch (error) {
      setMessage({ text: error instanceof PictureNotSent || error instanceof ApiError ? error.message : t('facilitator.photoNotPosted'), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PanelSection title={t('facilitator.photosOfPaper')}>
      <p className="fv-export__hint">{t('facilitator.photosHint')}</p>
      <form className="fv-photos" onSubmit={post} noValidate>
        <PhotoOfPaper roomId={client.roomId} token={client.session.token} source={source} />
        <button type="submit" className="fv-btn fv-btn--primary" aria-busy={busy || undefined}>
          {busy ? t('facilitator.photoPosting') : t('facilitator.postPhoto')}
        </button>
        <p className={message?.error ? 'fv-msg fv-msg--error' : 'fv-msg'} role="status">
          {message?.text}
        </p>
      </form>
    </PanelSection>
  );
}
