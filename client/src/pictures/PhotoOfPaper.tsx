import { t } from '../i18n/i18n.ts';
import { useEffect, useId, useRef, useState, type MutableRefObject } from 'react';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/note';
import { ApiError } from '../sync/api.ts';
import { uploadImage } from '../sync/noteImages.ts';
import { Button } from '../ui/Button.tsx';
import { PictureNotSent, type PictureSource } from './pictureNote.ts';
import { shrinkPhoto } from './resize.ts';
import './pictures.css';

interface Photo {
  blob: Blob;
  url: string;
}

export interface PhotoOfPaperProps {
  roomId: string;
  token: string;
  /** Filled in with this part's handle, for the Post button of the form around it. */
  source: MutableRefObject<PictureSource | null>;
}

/**
 * "Add a photo of paper": the camera (or a photo already taken), made small on the device
 * (resize.ts: the file sent has no camera metadata), a preview, then what the paper says, or,
 * when nobody types that, what the photo shows: every picture note has words for people who
 * cannot see it. After a post it is empty again, ready for the next sheet.
 */
export function PhotoOfPaper({ roomId, token, source }: PhotoOfPaperProps) {
  const id = useId();
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState('');
  const [transcription, setTranscription] = useState('');
  const [description, setDescription] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const state = useRef({ photo, transcription, description });
  state.current = { photo, transcription, description };
  const sent = useRef<{ blob: Blob; imageId: string } | null>(null);

  // The preview's object URL goes with the photo it shows.
  useEffect(() => () => (photo ? URL.revokeObjectURL(photo.url) : undefined), [photo]);

  useEffect(() => {
    source.current = {
      missing: () => (state.current.photo ? null : t('pictures.photoChooseFirst')),
      upload: async () => {
        const { photo: current, transcription: words, description: what } = state.current;
        if (!current) throw new PictureNotSent(t('pictures.photoChooseFirst'));
        const text = words.trim() || what.trim();
        if (sent.current?.blob === current.blob) return { imageId: sent.current.imageId, imageKind: 'photo', text };
        try {
          const imageId = await uploadImage(roomId, token, current.blob, 'image/jpeg');
          sent.current = { blob: current.blob, imageId };
          return { imageId, imageKind: 'photo', text };
        } catch (error) {
          throw new PictureNotSent(
            error instanceof ApiError && error.status !== 0 ? t('pictures.photoRefused', { reason: error.message }) : t('pictures.photoKeptOffline'),
          );
        }
      },
      reset: () => {
        sent.current = null;
        setPhoto(null);
        setTranscription('');
        setDescription('');
        if (inputRef.current) inputRef.current.value = '';
      },
      focus: () => inputRef.current?.focus(),
    };
    return () => {
      source.current = null;
    };
  }, [roomId, token, source]);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setWorking(true);
    setProblem('');
    try {
      const small = await shrinkPhoto(file);
      setPhoto({ blob: small.blob, url: URL.createObjectURL(small.blob) });
    } catch {
      setProblem(t('pictures.photoNotReadable'));
    } finally {
      setWorking(false);
    }
  };

  return (
    <div className="photo-paper stack stack--tight" role="group" aria-labelledby={`${id}-label`}>
      <p className="field__label" id={`${id}-label`}>
        {t('pictures.photoLabel')}
      </p>
      <label className="btn btn--secondary btn--block photo-paper__pick">
        <input
          ref={inputRef}
          className="input-overlay"
          type="file"
          accept="image/*"
          capture="environment"
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => void pick(e.currentTarget.files?.[0])}
        />
        <span>{working ? t('pictures.photoPreparing') : photo ? t('pictures.photoChooseAnother') : t('pictures.photoTake')}</span>
      </label>
      {problem && (
        <p className="field__error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
      {photo && <img className="photo-paper__preview" src={photo.url} alt={t('pictures.photoPreview')} />}
      <div className="field">
        <label className="field__label" htmlFor={`${id}-words`}>
          {t('pictures.photoTranscribe')}
        </label>
        <textarea
          id={`${id}-words`}
          className="field__input"
          rows={3}
          dir="auto"
          maxLength={NOTE_TEXT_MAX}
          value={transcription}
          onChange={(e) => setTranscription(e.currentTarget.value)}
        />
      </div>
      {transcription.trim() === '' && (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-what`}>
            {t('pictures.photoDescribe')}
          </label>
          <p className="field__hint" id={`${id}-what-hint`}>
            {t('pictures.sketchDescribeHint')}
          </p>
          <textarea
            id={`${id}-what`}
            className="field__input"
            rows={2}
            dir="auto"
            maxLength={NOTE_TEXT_MAX}
            value={description}
            aria-describedby={`${id}-what-hint`}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
      )}
      {photo && (
        <Button variant="quiet" onClick={() => source.current?.reset()}>
          {t('pictures.photoRemove')}
        </Button>
      )}
    </div>
  );
}
