import type { StepInput } from '../api.ts';
import type { AreaColor } from '../board/colors.ts';
import type { AreaRole } from '../board/records.ts';
import type { Rect } from '../board/geometry.ts';
import type { RoleRule, RotationRule } from '../control/groups.ts';

/**
 * A method template is data (DESIGN.md section 8): a starting layout of areas and a script of
 * steps, plus rules the one step engine already knows (group sizes, rotation, roles). Nothing
 * here is special to one template: any template may use any rule.
 */

/** An area the template puts on the board. `rect` is relative to where the template is placed. */
export interface TemplateArea {
  /** Stable name inside the template; steps and rules refer to areas by key. */
  key: string;
  title: string;
  rect: Rect;
  color: AreaColor;
  /** Longer text: a table's question, what a stage of the river is like. */
  description?: string;
  /** What the area is for (carried onto the board's area): how steps and features find it. */
  role?: AreaRole;
  /**
   * The template leaves this area's description for the facilitator to write when they create
   * the room (optional; skipped, the area simply has none). The question they are asked.
   */
  askDescription?: string;
}

/** An area a template leaves for the facilitator to describe, as the home page asks about it. */
export interface TemplateAreaToDescribe {
  key: string;
  title: string;
  question: string;
}

/** A step as the template writes it: like a facilitator's step, with `areaKey` for the area. */
export type TemplateStep = Omit<StepInput, 'areaId'> & { areaKey?: string };

export interface TemplateRules {
  /**
   * Defaults for `groups.form`, and whether forming groups creates an area for each. `minSize` is
   * the method's floor (Troika: never fewer than three); `defaultMinSize` only shapes the default
   * (World Cafe: two or more at a table unless the facilitator asks for smaller groups).
   */
  groups?: { size?: number; count?: number; minSize?: number; defaultMinSize?: number; label?: string; areaPerGroup?: boolean };
  /** Groups move across these areas round by round, one area a round (`tableAt` in groupPlanning.ts). */
  rotate?: { rule: RotationRule; areaKeys: string[] };
  /** Roles go round each group's members (Troika: one client, the others consultants). */
  roles?: RoleRule;
}

export interface TemplateDefinition {
  id: string;
  title: string;
  /** One plain-language paragraph for the template picker. */
  description: string;
  /** Usual length of a session, in minutes. */
  minutes: number;
  areas: TemplateArea[];
  steps: TemplateStep[];
  rules?: TemplateRules;
}

export interface TemplateSummary {
  id: string;
  title: string;
  description: string;
  minutes: number;
  /** Areas whose description the facilitator is asked to write (absent when there are none). */
  describe?: TemplateAreaToDescribe[];
}
