import { Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Contract } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { formatDate, formatMoney, parseZlotyToGrosze } from '../lib/format';
import { CONCLUSION_PURPOSE } from './api';
import { todayIso, useBookAccess } from './book-access';
import { InstalmentStatus, type Instalment } from './InstalmentStatus';
import { PurposeNeeded } from './PurposeNeeded';

const COUNTS = [1, 2, 4, 12] as const;
type Count = (typeof COUNTS)[number];

/** "Raty" on the policy card: the payment schedule, a new one, and a payment of an instalment. */
export function InstalmentsPanel({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const access = useBookAccess();
  const { purpose } = useSession();
  const [paying, setPaying] = useState<Instalment | null>(null);
  const schedule = useQuery({
    queryKey: ['instalments', purpose, 'schedule', contract.id],
    queryFn: () => getJson<{ items: Instalment[] }>(`/api/contracts/${contract.id}/instalments`),
    enabled: access.readsInstalments,
  });
  if (!access.readsInstalments) return null;
  const items = schedule.data?.items ?? [];
  const today = todayIso();
  return (
    <Stack component="section" aria-labelledby="instalments-title">
      <Title order={2} size="h3" id="instalments-title">
        {t('book.instalments.title')}
      </Title>
      <ErrorAlert error={schedule.error} />
      {schedule.isPending && <Text>{t('app.loading')}</Text>}
      {schedule.data && items.length === 0 && <Text>{t('book.instalments.none')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder striped data-testid="instalments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('book.instalments.number')}</Table.Th>
                <Table.Th>{t('book.instalments.dueDate')}</Table.Th>
                <Table.Th>{t('book.instalments.amount')}</Table.Th>
                <Table.Th>{t('book.instalments.paid')}</Table.Th>
                <Table.Th>{t('book.instalments.status')}</Table.Th>
                {access.performs && <Table.Th>{t('book.instalments.action')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{t('book.instalments.numberOf', { number: i.number, of: i.count })}</Table.Td>
                  <Table.Td>
                    <FieldValue present={has(i, 'dueDate')}>{formatDate(i.dueDate)}</FieldValue>
                  </Table.Td>
                  <Table.Td>
                    <FieldValue present={has(i, 'amount')}>{formatMoney(i.amount)}</FieldValue>
                  </Table.Td>
                  <Table.Td>
                    <FieldValue present={has(i, 'paidAmount')}>
                      {formatMoney(i.paidAmount)}
                      {i.paidAt ? ` (${formatDate(i.paidAt)})` : ''}
                    </FieldValue>
                  </Table.Td>
                  <Table.Td>
                    <InstalmentStatus instalment={i} today={today} />
                  </Table.Td>
                  {access.performs && (
                    <Table.Td>
                      {i.status !== 'paid' && (
                        <Button
                          size="xs"
                          variant="outline"
                          onClick={() => setPaying(i)}
                          aria-label={t('book.instalments.payFor', { number: i.number })}
                        >
                          {t('book.instalments.pay')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {access.performs && paying && (
        <PaymentForm key={paying.id} instalment={paying} onDone={() => setPaying(null)} />
      )}
      {access.performs ? (
        // A schedule with a payment is kept (the API refuses a new one): no form to make one.
        !items.some((i) => (i.paidAmount?.amount ?? 0) > 0) && (
          <ScheduleForm contract={contract} hasSchedule={items.length > 0} />
        )
      ) : (
        <PurposeNeeded needed={CONCLUSION_PURPOSE} action={t('book.instalments.create')} />
      )}
    </Stack>
  );
}

/** "Utwórz harmonogram": the premium split into 1, 2, 4 or 12 instalments (anew while nothing is paid). */
function ScheduleForm({ contract, hasSchedule }: { contract: Contract; hasSchedule: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [count, setCount] = useState<Count>(4);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/contracts/{id}/instalments', {
          params: { path: { id: contract.id }, header: { 'X-Purpose': CONCLUSION_PURPOSE } },
          body: { count },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['instalments'] }),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="schedule-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4" id="schedule-title">
            {t('book.instalments.create')}
          </Title>
          {hasSchedule && <Text size="sm">{t('book.instalments.replaces')}</Text>}
          <Group align="flex-end">
            <NativeSelect
              label={t('book.instalments.count')}
              data={COUNTS.map((c) => ({
                value: String(c),
                label: t('book.instalments.counts', { count: c }),
              }))}
              value={String(count)}
              onChange={(e) => setCount(Number(e.currentTarget.value) as Count)}
            />
            <Button type="submit" loading={create.isPending}>
              {t('book.instalments.createSubmit')}
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
        </Stack>
      </form>
    </Paper>
  );
}

/** "Zapisz wpłatę" for one instalment: the day it was paid and the amount in złote (payments add up). */
function PaymentForm({ instalment, onDone }: { instalment: Instalment; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const owed = Math.max(0, (instalment.amount?.amount ?? 0) - (instalment.paidAmount?.amount ?? 0));
  const [paidAt, setPaidAt] = useState<string | null>(todayIso());
  const [amount, setAmount] = useState(owed > 0 ? formatMoney(owed).replace(/\s?zł$/, '') : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens below the table: focus moves to it so a keyboard user lands where it is.
  useEffect(() => heading.current?.focus(), []);

  const pay = useMutation({
    mutationFn: (grosze: number) =>
      unwrap(
        api.POST('/api/instalments/{id}/payment', {
          params: { path: { id: instalment.id }, header: { 'X-Purpose': CONCLUSION_PURPOSE } },
          body: { paidAt: paidAt!, amount: grosze },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['instalments'] });
      onDone();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const grosze = parseZlotyToGrosze(amount);
    if (!paidAt) next.paidAt = t('form.required');
    else if (paidAt > todayIso()) next.paidAt = t('book.instalments.futureDate');
    if (!amount.trim()) next.amount = t('form.required');
    else if (grosze === null || grosze <= 0) next.amount = t('offers.invalidAmount');
    setErrors(next);
    if (Object.keys(next).length === 0) pay.mutate(grosze!);
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="payment-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4" id="payment-title" ref={heading} tabIndex={-1}>
            {t('book.instalments.paymentFor', {
              number: instalment.number,
              of: instalment.count,
              due: formatDate(instalment.dueDate),
            })}
          </Title>
          <Group align="flex-start">
            <DateField
              label={t('book.instalments.paidAt')}
              required
              value={paidAt}
              onChange={(v) => setPaidAt(v)}
              error={errors.paidAt}
            />
            <TextInput
              label={t('book.instalments.paidAmount')}
              description={t('book.annexes.inZloty')}
              required
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.amount}
            />
          </Group>
          <ErrorAlert error={pay.error} />
          <Group>
            <Button type="submit" loading={pay.isPending}>
              {t('book.instalments.paySubmit')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('book.instalments.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
