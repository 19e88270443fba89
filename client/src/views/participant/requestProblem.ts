import { t } from '../../i18n/i18n.ts';
import { ApiError } from '../../sync/api.ts';

/**
 * What the phone says when one of its requests fails: the server's own words for a refusal (in
 * the person's language, sync/wording.ts), else that something went wrong.
 */
export function requestProblem(error: unknown): string {
  return error instanceof ApiError ? error.message : t('phone.somethingWentWrong');
}
