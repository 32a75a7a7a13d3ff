import { Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { formatDate, formatDateTime } from '../lib/format';
import { ANSWERED_BY_DOCUMENT, headerFor, type DsrRequest } from './api';
import { ClientName } from './ClientName';
import { daysUntil } from './dates';
import { Deadline } from './Deadline';
import { OutcomePanel } from './OutcomePanel';
import { AccessReportPanel, PortabilityPanel } from './ReportPanel';
import { CompleteForm, ExecuteForm, ExtendForm, RejectForm, VerifyIdentityForm } from './WorkflowForms';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

/**
 * One request and its whole workflow: identity first, then the one extension while the deadline
 * has not passed, then the answer (a document delivered, or the request carried out).
 */
export function RequestPage() {
  const { t } = useTranslation();
  const { requestId } = useParams({ strict: false }) as { requestId: string };
  const query = useQuery({
    queryKey: ['dsr', 'request', requestId],
    queryFn: () =>
      unwrap(
        api.GET('/api/data-subject-requests/{id}', {
          params: { path: { id: requestId }, header: headerFor<'data_subject_rights'>() },
        }),
      ) as Promise<DsrRequest>,
  });
  const request = query.data;
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!request) return <Text>{t('app.loading')}</Text>;
  const open = request.status === 'open';
  const byDocument = ANSWERED_BY_DOCUMENT.includes(request.type);
  const canExtend = open && !request.extended && daysUntil(request.dueAt) >= 0;

  return (
    <Stack>
      <AnchorLink to="/wnioski">{t('dsr.backToInbox')}</AnchorLink>
      <Group gap="sm">
        <Title order={1}>{t('dsr.requestTitle', { type: t(`dsrTypes.${request.type}`) })}</Title>
        <Badge color={open ? 'blue.9' : 'dark'} variant="filled" data-testid="dsr-status">
          {t(`dsr.statuses.${request.status}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Fact label={t('dsr.person')}>
          <ClientName clientId={request.clientId} />
        </Fact>
        <Fact label={t('dsr.receivedAt')}>{formatDate(request.receivedAt)}</Fact>
        <Fact label={t('dsr.dueAt')}>
          <Deadline request={request} />
        </Fact>
        <Fact label={t('dsr.identity')}>
          {request.identity
            ? t('dsr.identityDone', {
                method: t(`dsr.identityMethods.${request.identity.method}`, {
                  defaultValue: request.identity.method,
                }),
                at: formatDateTime(request.identity.verifiedAt),
              })
            : t('dsr.identityMissing')}
        </Fact>
      </SimpleGrid>
      {request.extension && (
        <Text data-testid="dsr-extension">
          {t('dsr.extendedOn', {
            at: formatDateTime(request.extension.at),
            reason: request.extension.reason,
          })}
        </Text>
      )}
      {request.notes && (
        <Fact label={t('dsr.notes')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{request.notes}</Text>
        </Fact>
      )}
      {request.referral && <Text>{t('dsr.referred')}</Text>}
      <OutcomePanel request={request} />
      {open && !request.identity && <VerifyIdentityForm request={request} />}
      {open && request.type === 'access' && <AccessReportPanel request={request} />}
      {open && request.type === 'portability' && <PortabilityPanel request={request} />}
      {open &&
        request.identity &&
        (byDocument ? <CompleteForm request={request} /> : <ExecuteForm request={request} />)}
      {!open && request.type === 'access' && request.status === 'done' && (
        <AccessReportPanel request={request} />
      )}
      {canExtend && <ExtendForm request={request} />}
      {open && <RejectForm request={request} />}
    </Stack>
  );
}
