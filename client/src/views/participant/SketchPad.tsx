import { t, type MessageId } from '../../i18n/i18n.ts';
import { useCallback, useEffect, useId, useRef, useState, type MutableRefObject, type PointerEvent } from 'react';
import { NOTE_TEXT_MAX } from '@tributary/shared/board/note';
import { ApiError } from '../../sync/api.ts';
import { keep, readKeptJson } from '../../sync/deviceStorage.ts';
import { uploadImage } from '../../sync/noteImages.ts';
import { Button } from '../../ui/Button.tsx';
import { canvasBlob } from '../../pictures/resize.ts';
import { PictureNotSent, type PictureSource } from '../../pictures/pictureNote.ts';
import {
  EMPTY_SKETCH,
  SKETCH_COLOUR_NAMES,
  SKETCH_COLOURS,
  SKETCH_SIZE,
  beginStroke,
  clearSketch,
  endStroke,
  extendStroke,
  hasDrawing,
  parseSketch,
  renderSketch,
  toSketchPoint,
  undoStroke,
  type Sketch,
  type SketchColour,
  type SketchWidth,
} from '../../pictures/strokes.ts';
import '../../pictures/pictures.css';

const COLOUR_LABELS: Record<SketchColour, MessageId> = {
  black: 'pictures.sketchBlack',
  blue: 'pictures.sketchBlue',
  red: 'pictures.sketchRed',
  green: 'pictures.sketchGreen',
};

/** The drawing is kept on the phone while it is made, as a typed note's draft is. */
const SKETCH_KEY = 'tributary:sketch:';

function loadSketch(roomId: string): { sketch: Sketch; description: string } {
  const kept = readKeptJson(SKETCH_KEY + roomId) as { sketch?: unknown; description?: unknown } | null;
  return { sketch: parseSketch(kept?.sketch) ?? EMPTY_SKETCH, description: typeof kept?.description === 'string' ? kept.description : '' };
}

/** The drawing as the posted picture: a PNG, SKETCH_SIZE square, white paper. */
async function sketchPicture(sketch: Sketch): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = SKETCH_SIZE;
  canvas.height = SKETCH_SIZE;
  const c = canvas.getContext('2d');
  if (!c) return null;
  renderSketch(c, sketch, 1);
  return canvasBlob(canvas, 'image/png');
}

export interface SketchPadProps {
  roomId: string;
  token: string;
  /** Filled in with this pad's handle, for the composer's Post button. */
  source: MutableRefObject<PictureSource | null>;
}

/**
 * "Draw instead": a square pad for a finger (pointer events, no scrolling while drawing), four
 * dark pens named for screen readers, two line widths, Undo (the last stroke) and Clear, and a
 * box for what the drawing shows (read out to people who cannot see it). The drawing is kept on
 * the phone until it is posted, so a lost signal or a reload does not lose it.
 */
export function SketchPad({ roomId, token, source }: SketchPadProps) {
  const id = useId();
  const [{ sketch, description }, setState] = useState(() => loadSketch(roomId));
  const [colour, setColour] = useState<SketchColour>('black');
  const [width, setWidth] = useState<SketchWidth>('thin');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sketchRef = useRef(sketch);
  sketchRef.current = sketch;
  const descriptionRef = useRef(description);
  descriptionRef.current = description;
  /** The picture already on the server for this very drawing (a note post that failed reuses it). */
  const sent = useRef<{ sketch: Sketch; imageId: string } | null>(null);

  const setSketch = useCallback((update: (s: Sketch) => Sketch) => setState((prev) => ({ ...prev, sketch: update(prev.sketch) })), []);

  // Kept on the phone (a finished stroke at a time; a stroke being drawn is not worth a write per move).
  useEffect(() => {
    if (sketch.current) return;
    keep(SKETCH_KEY + roomId, hasDrawing(sketch) || description ? JSON.stringify({ sketch, description }) : null);
  }, [roomId, sketch, description]);

  // Drawn at the screen's pixel density, so lines are sharp on a phone.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const side = canvas.clientWidth || 300;
    const ratio = Math.min(3, globalThis.devicePixelRatio || 1);
    const pixels = Math.round(side * ratio);
    if (canvas.width !== pixels) {
      canvas.width = pixels;
      canvas.height = pixels;
    }
    const c = canvas.getContext('2d');
    if (c) renderSketch(c, sketch, pixels / SKETCH_SIZE);
  }, [sketch]);

  useEffect(() => {
    source.current = {
      missing: () => (hasDrawing(sketchRef.current) ? null : t('pictures.sketchDrawFirst')),
      upload: async () => {
        const drawing = endStroke(sketchRef.current);
        const text = descriptionRef.current.trim();
        if (sent.current?.sketch === drawing) return { imageId: sent.current.imageId, imageKind: 'sketch', text };
        const blob = await sketchPicture(drawing);
        if (!blob) throw new PictureNotSent(t('pictures.sketchNotMade'));
        try {
          const imageId = await uploadImage(roomId, token, blob, 'image/png');
          sent.current = { sketch: drawing, imageId };
          return { imageId, imageKind: 'sketch', text };
        } catch (error) {
          throw new PictureNotSent(
            error instanceof ApiError && error.status !== 0 ? t('pictures.sketchRefused', { reason: error.message }) : t('pictures.sketchKeptOffline'),
          );
        }
      },
      reset: () => {
        sent.current = null;
        setState({ sketch: clearSketch(), description: '' });
      },
      focus: () => canvasRef.current?.focus(),
    };
    return () => {
      source.current = null;
    };
  }, [roomId, token, source]);

  const box = () => canvasRef.current!.getBoundingClientRect();
  /** The finger (or pen, or mouse button) that is drawing now: set at once, not on the next render. */
  const drawing = useRef<number | null>(null);
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = e.pointerId;
    const at = toSketchPoint(e.clientX, e.clientY, box());
    setSketch((s) => beginStroke(s, at, colour, width));
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    e.preventDefault();
    // Every point the finger went through since the last frame, for smooth curves on fast moves.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent];
    const b = box();
    setSketch((s) => events.reduce((acc, ev) => extendStroke(acc, toSketchPoint(ev.clientX, ev.clientY, b)), s));
  };
  const onUp = (e: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    drawing.current = null;
    setSketch(endStroke);
  };

  const strokes = sketch.strokes.length;
  const drawn = hasDrawing(sketch);
  return (
    <div className="sketch stack stack--tight" role="group" aria-labelledby={`${id}-label`}>
      <p className="field__label" id={`${id}-label`}>
        {t('pictures.sketchLabel')}
      </p>
      <p className="field__hint" id={`${id}-hint`}>
        {t('pictures.sketchHint')}
      </p>
      <canvas
        ref={canvasRef}
        className="sketch__pad"
        role="img"
        tabIndex={0}
        aria-label={drawn ? t('pictures.sketchPadDrawn', { count: strokes }) : t('pictures.sketchPadEmpty')}
        aria-describedby={`${id}-hint`}
        data-strokes={strokes}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      />
      <fieldset className="sketch__pens">
        <legend className="field__label">{t('pictures.sketchPen')}</legend>
        <div className="sketch__options">
          {SKETCH_COLOUR_NAMES.map((name) => (
            <label key={name} className="sketch__option">
              <input type="radio" name={`${id}-colour`} checked={colour === name} onChange={() => setColour(name)} />
              <span className="sketch__swatch" style={{ backgroundColor: SKETCH_COLOURS[name] }} aria-hidden="true" />
              <span>{t(COLOUR_LABELS[name])}</span>
            </label>
          ))}
        </div>
        <div className="sketch__options">
          {(['thin', 'thick'] as const).map((w) => (
            <label key={w} className="sketch__option">
              <input type="radio" name={`${id}-width`} checked={width === w} onChange={() => setWidth(w)} />
              <span className={`sketch__line sketch__line--${w}`} aria-hidden="true" />
              <span>{t(w === 'thin' ? 'pictures.sketchThin' : 'pictures.sketchThick')}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="button-row sketch__actions">
        <Button variant="secondary" unavailable={!drawn} onClick={() => setSketch(undoStroke)}>
          {t('pictures.sketchUndo')}
        </Button>
        <Button variant="secondary" unavailable={!drawn} onClick={() => setSketch(clearSketch)}>
          {t('pictures.sketchClear')}
        </Button>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-description`}>
          {t('pictures.sketchDescribe')}
        </label>
        <p className="field__hint" id={`${id}-description-hint`}>
          {t('pictures.sketchDescribeHint')}
        </p>
        <textarea
          id={`${id}-description`}
          className="field__input"
          rows={2}
          dir="auto"
          maxLength={NOTE_TEXT_MAX}
          value={description}
          aria-describedby={`${id}-description-hint`}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setState((prev) => ({ ...prev, description: next }));
          }}
        />
      </div>
    </div>
  );
}
