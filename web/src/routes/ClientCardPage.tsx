import { Badge, Group, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, getJson, purposeHeader, unwrap } from '../api/client';
import { usePurposeAllows, useSession } from '../api/hooks';
import type {
  Client,
  ConsentEvent,
  ConsentView,
  Contract,
  DataSubjectRequest,
  OfferRequestSummary,
  Page,
} from '../api/types';
import { ClientBadges } from '../components/ClientBadges';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink, ButtonLink } from '../components/links';
import { FieldValue, has } from '../components/FieldValue';
import { BreakGlassBanner, BreakGlassButton, TransferButton } from '../components/PortfolioActions';
import { formatDate, formatDateTime, formatMoney, formatPhone } from '../lib/format';
import { clientName } from './ClientsPage';
import { CompanyData, RepresentativesPanel } from '../clients/RepresentativesPanel';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </>
  );
}

export function ClientCardPage() {
  const { t } = useTranslation();
  const { clientId } = useParams({ from: '/app/klienci/$clientId' });
  const { me, purpose } = useSession();
  const allows = usePurposeAllows(purpose);
  const client = useQuery({
    queryKey: ['clients', purpose, 'card', clientId],
    queryFn: () =>
      unwrap(api.GET('/api/clients/{id}', { params: { path: { id: clientId }, header: purposeHeader() } })),
  });
  // A broker's card answers 404 for a client outside the team's portfolio: emergency access may open it.
  const outsidePortfolio =
    me?.role === 'broker' && client.error instanceof ApiError && client.error.status === 404;
  const mayTransfer = me?.role === 'admin' || me?.role === 'manager';

  return (
    <Stack>
      <AnchorLink to="/klienci">← {t('card.back')}</AnchorLink>
      <ErrorAlert error={client.error} />
      {outsidePortfolio && (
        <Group data-testid="outside-portfolio">
          <Text>{t('portfolio.outside')}</Text>
          <BreakGlassButton clientId={clientId} />
        </Group>
      )}
      <BreakGlassBanner clientId={clientId} />
      {client.isPending && <Text>{t('app.loading')}</Text>}
      {client.data && (
        <>
          <Group justify="space-between">
            <Title order={1}>{client.data.companyName ?? clientName(t, client.data)}</Title>
            <Group>
              {mayTransfer && <TransferButton clientId={clientId} teamId={client.data.teamId} />}
              {allows.writesClients && client.data.status !== 'anonymised' && (
                <ButtonLink to="/klienci/$clientId/edycja" params={{ clientId }}>
                  {t('card.edit')}
                </ButtonLink>
              )}
            </Group>
          </Group>
          <ClientBadges client={client.data as unknown as Record<string, unknown>} />
          <Tabs defaultValue="data" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="data">{t('card.tabs.data')}</Tabs.Tab>
              <Tabs.Tab value="consents">{t('card.tabs.consents')}</Tabs.Tab>
              <Tabs.Tab value="offers">{t('card.tabs.offers')}</Tabs.Tab>
              <Tabs.Tab value="policies">{t('card.tabs.policies')}</Tabs.Tab>
              <Tabs.Tab value="dsr">{t('card.tabs.dsr')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="data" pt="md">
              {client.data.kind === 'company' && <CompanyData client={client.data} />}
              <ClientData client={client.data} />
              {client.data.kind === 'company' && <RepresentativesPanel companyId={clientId} />}
            </Tabs.Panel>
            <Tabs.Panel value="consents" pt="md">
              <ClientConsents clientId={clientId} />
            </Tabs.Panel>
            <Tabs.Panel value="offers" pt="md">
              <ClientOffers clientId={clientId} />
            </Tabs.Panel>
            <Tabs.Panel value="policies" pt="md">
              <ClientPolicies clientId={clientId} />
            </Tabs.Panel>
            <Tabs.Panel value="dsr" pt="md">
              <ClientRequests client={client.data} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}

function ClientData({ client }: { client: Client }) {
  const { t } = useTranslation();
  const a = client.address;
  return (
    <SimpleGrid component="dl" cols={2} spacing="xs" maw={720} data-testid="client-data">
      <Row label={t('clients.firstName')}>
        <FieldValue present={has(client, 'firstName')}>{client.firstName}</FieldValue>
      </Row>
      <Row label={t('clients.lastName')}>
        <FieldValue present={has(client, 'lastName')}>{client.lastName}</FieldValue>
      </Row>
      <Row label={t('clients.pesel')}>
        <FieldValue present={has(client, 'pesel')}>{client.pesel ?? '—'}</FieldValue>
      </Row>
      <Row label={t('clients.dateOfBirth')}>
        <FieldValue present={has(client, 'dateOfBirth')}>{formatDate(client.dateOfBirth) || '—'}</FieldValue>
      </Row>
      <Row label={t('clients.email')}>
        <FieldValue present={has(client, 'email')}>{client.email ?? '—'}</FieldValue>
      </Row>
      <Row label={t('clients.phone')}>
        <FieldValue present={has(client, 'phone')}>{formatPhone(client.phone) || '—'}</FieldValue>
      </Row>
      <Row label={t('clients.address')}>
        <FieldValue present={has(client, 'address')}>
          {a
            ? `${a.street}, ${a.postalCode} ${a.city}${a.country && a.country !== 'PL' ? `, ${a.country}` : ''}`
            : '—'}
        </FieldValue>
      </Row>
      <Row label={t('clients.createdAt')}>{formatDate(client.createdAt)}</Row>
    </SimpleGrid>
  );
}

function ClientConsents({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const consents = useQuery({
    queryKey: ['clients', purpose, 'consents', clientId],
    queryFn: () =>
      getJson<{ active: ConsentView[]; history: ConsentEvent[] }>(`/api/clients/${clientId}/consents`),
  });
  if (consents.error) return <ErrorAlert error={consents.error} />;
  if (!consents.data) return <Text>{t('app.loading')}</Text>;
  // History grouped per purpose and channel, each group oldest first.
  const groups = new Map<string, ConsentEvent[]>();
  for (const e of consents.data.history) {
    const key = `${e.purpose}:${e.channel}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return (
    <Stack>
      <Title order={2} size="h3">
        {t('card.consentsActive')}
      </Title>
      {consents.data.active.length === 0 ? (
        <Text>{t('card.noConsents')}</Text>
      ) : (
        <Table withTableBorder data-testid="consents-active">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('card.consentPurpose')}</Table.Th>
              <Table.Th>{t('card.channel')}</Table.Th>
              <Table.Th>{t('card.source')}</Table.Th>
              <Table.Th>{t('card.evidence')}</Table.Th>
              <Table.Th>{t('card.grantedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.data.active.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{t(`purposes.${c.purpose}`)}</Table.Td>
                <Table.Td>{t(`channels.${c.channel}`)}</Table.Td>
                <Table.Td>{t(`form.sources.${c.source}`, { defaultValue: c.source })}</Table.Td>
                <Table.Td>{c.evidence ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(c.grantedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2} size="h3">
        {t('card.consentsHistory')}
      </Title>
      {[...groups.entries()].map(([key, events]) => {
        const [p, ch] = key.split(':');
        return (
          <Stack key={key} gap={4}>
            <Title order={3} size="h5">
              {t(`purposes.${p}`)} · {t(`channels.${ch}`)}
            </Title>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('card.at')}</Table.Th>
                  <Table.Th>{t('card.event')}</Table.Th>
                  <Table.Th>{t('card.source')}</Table.Th>
                  <Table.Th>{t('card.noticeVersion')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.map((e) => (
                  <Table.Tr key={`${e.consentId}-${e.event}`}>
                    <Table.Td>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>
                      <Badge color={e.event === 'granted' ? 'teal.9' : 'red.9'} variant="outline">
                        {t(`card.${e.event}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{t(`form.sources.${e.source}`, { defaultValue: e.source })}</Table.Td>
                    <Table.Td>{e.noticeVersion ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      })}
    </Stack>
  );
}

function ClientOffers({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const allows = usePurposeAllows(purpose);
  const offers = useQuery({
    queryKey: ['clients', purpose, 'offers', clientId],
    queryFn: () => getJson<Page<OfferRequestSummary>>('/api/offer-requests', { clientId, limit: '100' }),
  });
  const newAnalysis = allows.worksOnOffers && (
    <Group>
      <ButtonLink to="/klienci/$clientId/apk" params={{ clientId }}>
        {t('offers.needs.new')}
      </ButtonLink>
    </Group>
  );
  if (offers.error) return <ErrorAlert error={offers.error} />;
  if (!offers.data) return <Text>{t('app.loading')}</Text>;
  if (offers.data.items.length === 0)
    return (
      <Stack>
        {newAnalysis}
        <Text>{t('card.noOffers')}</Text>
      </Stack>
    );
  return (
    <Stack>
      {newAnalysis}
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('clients.createdAt')}</Table.Th>
            <Table.Th>{t('card.lineOfBusiness')}</Table.Th>
            <Table.Th>{t('clients.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {offers.data.items.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <AnchorLink to="/oferty/$offerRequestId" params={{ offerRequestId: o.id }}>
                  {formatDate(o.createdAt)}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{t(`lines.${o.lineOfBusiness}`)}</Table.Td>
              <Table.Td>{t(`statuses.${o.status}`, { defaultValue: o.status })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ClientPolicies({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const contracts = useQuery({
    queryKey: ['clients', purpose, 'contracts', clientId],
    queryFn: () => getJson<Page<Contract>>('/api/contracts', { clientId, limit: '100' }),
  });
  if (contracts.error) return <ErrorAlert error={contracts.error} />;
  if (!contracts.data) return <Text>{t('app.loading')}</Text>;
  if (contracts.data.items.length === 0) return <Text>{t('card.noPolicies')}</Text>;
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('card.policyNumber')}</Table.Th>
          <Table.Th>{t('card.insurer')}</Table.Th>
          <Table.Th>{t('card.lineOfBusiness')}</Table.Th>
          <Table.Th>{t('card.period')}</Table.Th>
          <Table.Th>{t('card.premium')}</Table.Th>
          <Table.Th>{t('clients.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {contracts.data.items.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Td>
              <FieldValue present={has(c, 'policyNumber')}>{c.policyNumber}</FieldValue>
            </Table.Td>
            <Table.Td>{c.insurerName}</Table.Td>
            <Table.Td>{t(`lines.${c.lineOfBusiness}`)}</Table.Td>
            <Table.Td>
              <FieldValue present={has(c, 'startDate')}>
                {formatDate(c.startDate)} – {formatDate(c.endDate)}
              </FieldValue>
            </Table.Td>
            <Table.Td>
              <FieldValue present={has(c, 'premium')}>{formatMoney(c.premium)}</FieldValue>
            </Table.Td>
            <Table.Td>{t(`statuses.${c.status}`)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The data-protection state the client record carries (restriction, objection, anonymisation) and
 * the person's requests as far as the purpose may list them.
 */
function ClientRequests({ client }: { client: Client }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const requests = useQuery({
    queryKey: ['clients', purpose, 'dsr', client.id],
    queryFn: () => getJson<Page<DataSubjectRequest>>('/api/data-subject-requests', { limit: '500' }),
  });
  const mine =
    requests.data?.items.filter((r) => (r.clientId as unknown as string | null) === client.id) ?? [];
  return (
    <Stack>
      <Group gap="xs">
        <Text fw={600}>{t('card.dsrState')}:</Text>
        <ClientBadges client={client as unknown as Record<string, unknown>} />
      </Group>
      <ErrorAlert error={requests.error} />
      {requests.data && mine.length === 0 && <Text>{t('card.noRequests')}</Text>}
      {mine.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('card.requestType')}</Table.Th>
              <Table.Th>{t('clients.status')}</Table.Th>
              <Table.Th>{t('card.dueAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mine.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{t(`dsrTypes.${r.type}`)}</Table.Td>
                <Table.Td>{t(`statuses.${r.status}`)}</Table.Td>
                <Table.Td>
                  {formatDate(r.dueAt)}{' '}
                  {r.overdue && (
                    <Badge color="red.9" variant="filled">
                      {t('card.overdue')}
                    </Badge>
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
