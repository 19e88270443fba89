import { memo, useMemo, useRef } from 'react';
import { Shape } from 'react-konva';
import type Konva from 'konva';
import type { OffsetOf } from './boardMarks.ts';
import { blockSet, drawScene, makePicture, type BoardSceneProps, type Picture } from './scene.ts';

export type { BoardSceneProps } from './scene.ts';

/**
 * The board layer's content, all of it one Konva shape that draws the notes and areas near the
 * view with plain canvas calls (the excalidraw way: a loop over visible elements, no node per
 * element). Nothing on the board listens for events, so a node per note would buy nothing and
 * cost a React element, a Konva node and a transform per note.
 *
 * While the zoom holds still (a pan), the drawing is kept as a picture of the culled region
 * (the view plus its margin) and each frame only copies it onto the layer: a pan costs one
 * image copy a frame, whatever the board holds. A zoom or a drag draws live (a picture would
 * be stale at once); any other change of props (the board, the selection, the view leaving
 * the culling rectangle) draws a new picture.
 */
export const BoardScene = memo(function BoardScene(props: BoardSceneProps) {
  const { notes, lod, selected, duplicates } = props;
  const blocks = useMemo(() => (lod ? blockSet(notes, selected, duplicates) : null), [lod, notes, selected, duplicates]);
  const state = useRef<{ picture: Picture | null; canvas: HTMLCanvasElement | null; zoom: number; offsetOf: OffsetOf | null }>({
    picture: null,
    canvas: null,
    zoom: 0,
    offsetOf: null,
  });

  const sceneFunc = (context: Konva.Context, shape: Konva.Shape) => {
    const c = context._context;
    const zoom = Math.abs(shape.getAbsoluteScale().x) || 1;
    const ratio = context.getCanvas().getPixelRatio();
    const s = state.current;
    // A picture pays off when the next frames can reuse it: not while zooming (every frame has a
    // new zoom) nor while dragging (every frame moves a note, a new offsetOf).
    const steady = zoom === s.zoom && props.offsetOf === s.offsetOf;
    s.zoom = zoom;
    s.offsetOf = props.offsetOf;
    let pic = s.picture;
    if (pic && (pic.source !== props || pic.zoom !== zoom || pic.ratio !== ratio)) pic = s.picture = null;
    if (!pic && steady && props.cullRect) {
      pic = s.picture = makePicture(s.canvas, props, blocks, props.cullRect, zoom, ratio);
      if (pic) s.canvas = pic.canvas;
    }
    if (!pic) {
      drawScene(c, props, blocks, zoom);
      return;
    }
    // Same zoom and pixel ratio as the screen: copy pixels as they are, without resampling.
    const smoothing = c.imageSmoothingEnabled;
    c.imageSmoothingEnabled = false;
    c.drawImage(pic.canvas, pic.rect.x, pic.rect.y, pic.rect.w, pic.rect.h);
    c.imageSmoothingEnabled = smoothing;
  };
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});
