import type { ControlState } from '@tributary/shared/control/state';
import { t } from '../../i18n/i18n.ts';
import type { RoomClient } from '../../sync/RoomClient.ts';
import { RoomLanguageSelect } from '../../ui/RoomLanguageSelect.tsx';
import { Feedback } from './FacilitationParts.tsx';
import { useCommand } from './facilitationHooks.ts';

/** The room's default language, changed with `room.language`: phones follow it unless their person picked one. */
export function RoomLanguage({ client, control }: { client: RoomClient; control: ControlState }) {
  const change = useCommand(client);
  return (
    <>
      <RoomLanguageSelect
        className="fv-room-language"
        label={t('facilitator.roomLanguage')}
        hint={t('facilitator.roomLanguageHint')}
        noneLabel={t('facilitator.roomLanguageNone')}
        value={control.language ?? ''}
        busy={change.busy}
        onChange={(code) => void change.run({ type: 'room.language', language: code || null })}
      />
      <Feedback state={change} />
    </>
  );
}
