import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, getJson, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Page } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { formatDate } from '../lib/format';
import { todayIso } from '../offers/book-access';
import { serviceHeader, useServiceAccess, type Task } from './access';

/** "Moje zadania": open tasks assigned to me, and those the scan left to the team, to take. */
export function TasksPage() {
  const { t } = useTranslation();
  const access = useServiceAccess();
  return (
    <Stack>
      <Title order={1}>{t('service.tasks.title')}</Title>
      {!access.loaded ? (
        <Text>{t('app.loading')}</Text>
      ) : !access.readsTasks ? (
        <Text>{t('service.tasks.notInPurpose')}</Text>
      ) : (
        <>
          <TaskList assignee="me" heading={t('service.tasks.mine')} testId="my-tasks" />
          <TaskList assignee="unassigned" heading={t('service.tasks.unassigned')} testId="team-tasks" />
        </>
      )}
    </Stack>
  );
}

function TaskList({
  assignee,
  heading,
  testId,
}: {
  assignee: 'me' | 'unassigned';
  heading: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { purpose, me } = useSession();
  const access = useServiceAccess();
  const queryClient = useQueryClient();
  const tasks = useQuery({
    queryKey: ['tasks', purpose, assignee],
    queryFn: () => getJson<Page<Task>>('/api/tasks', { assignee, status: 'open', limit: '100' }),
  });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { status?: 'done'; assigneeId?: string } }) =>
      unwrap(api.PATCH('/api/tasks/{id}', { params: { path: { id }, header: serviceHeader() }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  const items = tasks.data?.items ?? [];
  const today = todayIso();
  const id = `${testId}-title`;
  return (
    <Stack component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {heading}
      </Title>
      <ErrorAlert error={tasks.error ?? change.error} />
      {tasks.data && items.length === 0 && <Text>{t('service.tasks.none')}</Text>}
      {items.length > 0 && (
        <Table withTableBorder striped data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('service.tasks.task')}</Table.Th>
              <Table.Th>{t('service.tasks.kind')}</Table.Th>
              <Table.Th>{t('service.tasks.dueDate')}</Table.Th>
              <Table.Th>{t('service.tasks.client')}</Table.Th>
              <Table.Th>{t('service.tasks.action')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>
                  <FieldValue present={has(task, 'title')}>{task.title}</FieldValue>
                </Table.Td>
                <Table.Td>{t(`service.tasks.kinds.${task.kind}`)}</Table.Td>
                <Table.Td>
                  <FieldValue present={has(task, 'dueDate')}>
                    {task.dueDate ? formatDate(task.dueDate) : '—'}{' '}
                    {task.dueDate && task.dueDate < today && (
                      <Badge color="red.9" variant="outline">
                        {t('service.tasks.late')}
                      </Badge>
                    )}
                  </FieldValue>
                </Table.Td>
                <Table.Td>
                  <AnchorLink to="/klienci/$clientId" params={{ clientId: task.clientId }}>
                    {t('service.tasks.openClient')}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  {access.writesTasks && assignee === 'me' && (
                    <Button
                      size="xs"
                      aria-label={t('service.tasks.completeNamed', { title: task.title ?? '' })}
                      onClick={() => change.mutate({ id: task.id, body: { status: 'done' } })}
                    >
                      {t('service.tasks.complete')}
                    </Button>
                  )}
                  {access.writesTasks && assignee === 'unassigned' && me && (
                    <Button
                      size="xs"
                      variant="light"
                      aria-label={t('service.tasks.takeNamed', { title: task.title ?? '' })}
                      onClick={() => change.mutate({ id: task.id, body: { assigneeId: me.id } })}
                    >
                      {t('service.tasks.take')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
