import { useEffect, useState } from 'react';
import type { NoteImages } from '../sync/noteImages.ts';

/**
 * An object URL of an image note's picture for an <img>, made when the picture arrives and
 * revoked when the <img> goes (or shows another picture). `failed`: it could not be fetched, and
 * the text alternative shows alone.
 */
export function useImageUrl(images: NoteImages | null | undefined, imageId: string | undefined): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    if (!images || !imageId) return;
    let url: string | null = null;
    let gone = false;
    images.blob(imageId).then(
      (blob) => {
        if (gone) return;
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => {
        if (!gone) setState({ url: null, failed: true });
      },
    );
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
      setState({ url: null, failed: false });
    };
  }, [images, imageId]);
  return state;
}
