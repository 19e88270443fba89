/**
 * Pointer, wheel and key input as the editor takes it: plain data in canvas (screen)
 * coordinates, stripped of the DOM, so the editor runs and is tested without a browser.
 */

/** A pointer event in canvas (screen) coordinates. */
export interface PointerInput {
  id: number;
  x: number;
  y: number;
  button: number;
  shift: boolean;
  /** Ctrl or Cmd. */
  mod: boolean;
  type: 'mouse' | 'touch' | 'pen' | string;
  time: number;
}

export interface WheelInput {
  x: number;
  y: number;
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  ctrl: boolean;
  shift: boolean;
}

export interface KeyInput {
  key: string;
  code: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** Focus is in a text field: the editor keeps its hands off. */
  editable: boolean;
  /** Focus is on a button or link: space and Enter belong to it. */
  onControl: boolean;
}
