import { NOT_HOSTING } from '@stagebank/domain';
import { ReactNode, useEffect, useId, useState } from 'react';
import { CheckboxGroup, EnumSelect } from '../../components/Form';
import { useI18n } from '../../i18n';
import { valuesOf } from '../../labels';

/** The reasons for not hosting (NotHostingReason), as checkboxes. */
export function NotHostingReasons({ chosen, onChange, name }: { chosen: string[]; onChange: (chosen: string[]) => void; name: string }) {
  const { t, label } = useI18n();
  return (
    <CheckboxGroup
      name={name}
      legend={t('whyNotHosting')}
      choices={valuesOf('notHostingReason').map((r) => ({ value: r, label: label('notHostingReason', r) }))}
      chosen={chosen}
      onChange={onChange}
    />
  );
}

type Answer = { interest: string; reasons: string[]; note: string };

/**
 * Whether the employer means to host in the school year asked about and, when not, why (the
 * reasons a coordinator records too). `input()` is the LinkedHostingInterestInput when it changed, else null.
 */
export function useHostingAnswer(
  recorded: { interest: string; reasons: string[]; note: string | null } | null | undefined,
  schoolYear: string,
): { input: () => Answer | null; fields: () => ReactNode } {
  const { t } = useI18n();
  const ids = { interest: useId(), note: useId() };
  const initial = (): Answer => ({ interest: recorded?.interest ?? '', reasons: recorded?.reasons ?? [], note: recorded?.note ?? '' });
  const [answer, setAnswer] = useState<Answer>(initial);
  useEffect(() => setAnswer(initial()), [recorded]);
  const notHosting = (NOT_HOSTING as readonly string[]).includes(answer.interest);

  const input = () => {
    const before = initial();
    const changed =
      answer.interest !== before.interest ||
      answer.note.trim() !== before.note ||
      answer.reasons.slice().sort().join() !== before.reasons.slice().sort().join();
    if (!answer.interest || !changed) return null;
    return { interest: answer.interest, reasons: notHosting ? answer.reasons : [], note: answer.note.trim() };
  };
  const fields = () => (
    <>
      <label htmlFor={ids.interest}>
        {t('hostingInterest')} {schoolYear}
      </label>{' '}
      <EnumSelect id={ids.interest} kind="hostingInterest" value={answer.interest} onChange={(interest) => setAnswer({ ...answer, interest })} empty="—" />
      {notHosting && (
        <>
          <NotHostingReasons name="hosting-reasons" chosen={answer.reasons} onChange={(reasons) => setAnswer({ ...answer, reasons })} />
          <label htmlFor={ids.note}>{t('hostingNote')}</label>
          <input id={ids.note} value={answer.note} onChange={(e) => setAnswer({ ...answer, note: e.target.value })} />
        </>
      )}
    </>
  );
  return { input, fields };
}
