/**
 * Pictures are made small on the device before they are sent: a phone photo of a flip chart is
 * several megabytes and carries the camera's metadata (place, time, phone); drawn again through a
 * canvas at most PHOTO_MAX_SIDE on its longest side, it is a few hundred kilobytes and carries none.
 */

/** Longest side of a posted photo, in pixels: a flip chart's writing still reads. */
export const PHOTO_MAX_SIDE = 1600;
/** JPEG quality of a posted photo. */
export const PHOTO_QUALITY = 0.8;

/** The size a picture is drawn at: scaled down (never up) so its longest side is at most `maxSide`, aspect kept. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) return { width: 0, height: 0 };
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Where a picture goes inside a box: as large as fits, aspect kept, centred. */
export function containIn(width: number, height: number, box: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
  if (!(width > 0) || !(height > 0) || !(box.w > 0) || !(box.h > 0)) return { x: box.x, y: box.y, w: 0, h: 0 };
  const scale = Math.min(box.w / width, box.h / height);
  const w = width * scale;
  const h = height * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** A canvas's picture as a file of this type, or null when the browser cannot make one. */
export function canvasBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob | null> {
  return new Promise((resolve) => {
    try {
      canvas.toBlob((blob) => resolve(blob), type, quality);
    } catch {
      resolve(null);
    }
  });
}

/**
 * A photo the person picked, drawn again at most PHOTO_MAX_SIDE on its longest side and encoded
 * as JPEG: the file sent holds only pixels (a canvas writes no EXIF, GPS or XMP). The camera's
 * rotation is applied by the browser when it decodes (`imageOrientation: 'from-image'`).
 */
export async function shrinkPhoto(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const size = fitWithin(bitmap.width, bitmap.height, PHOTO_MAX_SIDE);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const c = canvas.getContext('2d');
    if (!c) throw new Error('no canvas');
    // JPEG has no transparency: a see-through PNG goes on white, not black.
    c.fillStyle = '#FFFFFF';
    c.fillRect(0, 0, size.width, size.height);
    c.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await canvasBlob(canvas, 'image/jpeg', PHOTO_QUALITY);
    if (!blob) throw new Error('no picture');
    return { blob, ...size };
  } finally {
    bitmap.close();
  }
}
