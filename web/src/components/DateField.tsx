import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates';
import '@mantine/dates/styles.css';
import 'dayjs/locale/pl';
import { useTranslation } from 'react-i18next';
import { parseTypedDate } from '../lib/format';

export type DateFieldProps = Omit<DateInputProps, 'valueFormat' | 'dateParser' | 'placeholder'>;

/**
 * A calendar date typed as dd.mm.rrrr or picked from the calendar; the value (and what onChange
 * receives) is YYYY-MM-DD as the API takes it, or null when empty.
 */
export function DateField(props: DateFieldProps) {
  const { t, i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language.startsWith('en') ? 'en' : 'pl', firstDayOfWeek: 1 }}>
      <DateInput
        valueFormat="DD.MM.YYYY"
        placeholder={t('form.datePlaceholder')}
        dateParser={parseTypedDate}
        clearable
        clearButtonProps={{ 'aria-label': t('form.clearDate') }}
        {...props}
      />
    </DatesProvider>
  );
}
