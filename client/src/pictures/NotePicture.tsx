import type { Note } from '@tributary/shared/board/note';
import { useImageUrl } from '../hooks/useImageUrl.ts';
import './pictures.css';
import type { NoteImages } from '../sync/noteImages.ts';
import { noteWords } from './noteWords.ts';

/**
 * A picture note's picture in an HTML list: an <img> whose alt is its text alternative. Nothing
 * while it arrives or when it cannot be fetched: the note's words (noteWords) are beside it.
 */
export function NotePicture({ images, note, className }: { images: NoteImages | null | undefined; note: Pick<Note, 'text' | 'imageId' | 'imageKind'>; className?: string }) {
  const { url } = useImageUrl(images, note.imageId);
  if (!note.imageId || !url) return null;
  return <img className={`note-picture${className ? ` ${className}` : ''}`} src={url} alt={noteWords(note)} data-image-id={note.imageId} />;
}
