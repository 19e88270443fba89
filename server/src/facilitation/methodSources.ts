import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LIBRARY_TOKEN_HEADER, METHOD_MAX_BYTES, type PlanItem } from '@tributary/shared/libraryApi';
import { MAX_STEPS } from '@tributary/shared/control/steps';
import { getTemplate } from '@tributary/shared/templates/index';
import { localizeTemplate } from '@tributary/shared/templates/messages';
import { parseTemplate } from '@tributary/shared/templates/parse';
import type { TemplateDefinition } from '@tributary/shared/templates/types';
import { hashToken } from '../auth/tokens.ts';
import { Errors } from '../errors.ts';
import { templateWords } from '../i18n/translator.ts';
import type { LibraryRecord } from '../storage/methodLibraries.ts';

/**
 * Where a room's methods come from: built-in templates, a facilitator's library, or JSON they
 * send (a file they import). Everything not built in passes parseTemplate before it is used or
 * kept, so a saved or imported method is trusted exactly as far as a built-in one.
 */

/** A method sent as JSON, checked; `at` prefixes the field named in the error (`/plan/2/method`). */
export function checkMethod(json: unknown, at: string): TemplateDefinition {
  if (Buffer.byteLength(JSON.stringify(json ?? null)) > METHOD_MAX_BYTES) throw new Errors.MethodTooBig({ max: METHOD_MAX_BYTES });
  const parsed = parseTemplate(json);
  if (!parsed.ok) throw new Errors.BadMethod({ field: `${at}${parsed.problem.field === 'body' ? '' : parsed.problem.field}`, problem: parsed.problem.problem });
  return parsed.template;
}

/** The library whose token this is (and marks it used), or 401. No token at all is 401 too. */
export async function libraryOf(app: FastifyInstance, token: string | null): Promise<LibraryRecord> {
  const library = token ? await app.storage.libraries.useLibrary(hashToken(token), Date.now()) : null;
  if (!library) throw new Errors.UnknownLibrary();
  return library;
}

/** The token in `X-Library-Token` (one value; a repeated header counts as none). */
export function libraryTokenHeader(request: FastifyRequest): string | null {
  const value = request.headers[LIBRARY_TOKEN_HEADER];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null;
}

/**
 * A saved method of this library. Another library's method and a method that does not exist
 * answer the same 404, so a token tells nothing about other libraries.
 */
export async function savedMethod(app: FastifyInstance, library: LibraryRecord, methodId: string): Promise<TemplateDefinition> {
  const stored = await app.storage.libraries.getMethod(library.id, methodId);
  if (!stored) throw new Errors.MethodNotFound();
  // Checked again on the way out: what was stored passed, but the schema may have tightened since.
  return checkMethod(JSON.parse(stored.definition) as unknown, `/methods/${methodId}`);
}

/** Group rules (groups, rotation, roles) set by a method, if any. */
const setsGroupRules = (t: TemplateDefinition) => !!(t.rules?.groups || t.rules?.rotate || t.rules?.roles);

/**
 * The methods a new room starts with, in order, from `POST /api/rooms`'s `method`, `methodId` or
 * `plan` (null when it names none of them). Built-in templates are put in the room's language.
 * Refused before any room is made: more than one of those fields, an unknown template, a method
 * that fails its check, a wrong library token, more steps than a script holds, or two methods
 * that both set group rules (control.method holds one set for the whole room: World Cafe's
 * rotation and Troika's roles together would send trios round the café tables).
 */
export async function roomMethods(
  app: FastifyInstance,
  request: FastifyRequest,
  body: { template?: string; method?: unknown; methodId?: string; plan?: PlanItem[] },
  language: string | null,
): Promise<TemplateDefinition[] | null> {
  const given = (['template', 'method', 'methodId', 'plan'] as const).filter((k) => body[k] !== undefined);
  if (given.length > 1) throw new Errors.BadMethod({ field: `/${given[1]}`, problem: `give one of template, method, methodId or plan, not ${given.join(' and ')}` });
  let items: PlanItem[];
  if (body.plan) items = body.plan;
  else if (body.method !== undefined) items = [{ method: body.method }];
  else if (body.methodId !== undefined) items = [{ methodId: body.methodId }];
  else return null;
  const words = templateWords(language);
  let library: LibraryRecord | null = null;
  const methods: TemplateDefinition[] = [];
  for (const [i, item] of items.entries()) {
    const at = body.plan ? `/plan/${i}` : '';
    if ('template' in item) {
      const builtIn = getTemplate(item.template);
      if (!builtIn) throw new Errors.UnknownTemplate({ template: item.template });
      methods.push(localizeTemplate(builtIn, words));
    } else if ('methodId' in item) {
      library ??= await libraryOf(app, libraryTokenHeader(request));
      methods.push(await savedMethod(app, library, item.methodId));
    } else {
      methods.push(checkMethod(item.method, `${at}/method`));
    }
  }
  const withRules = methods.filter(setsGroupRules);
  if (withRules.length > 1) throw new Errors.PlanRules({ first: withRules[0]!.title, second: withRules[1]!.title });
  if (methods.reduce((n, m) => n + m.steps.length, 0) > MAX_STEPS) throw new Errors.TooManySteps({ max: MAX_STEPS });
  return methods;
}
