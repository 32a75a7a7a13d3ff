import { Badge, Group, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, getJson, purposeHeader, unwrap } from '../api/client';
import { usePurposeAllows, useSession } from '../api/hooks';
import type { Client, Contract, DataSubjectRequest, OfferRequestSummary, Page } from '../api/types';
import { ClientBadges } from '../components/ClientBadges';
import { ClientConsents } from '../components/ClientConsents';
import { ErrorAlert } from '../components/ErrorAlert';
import { PAGE_SIZE, useCursorPages } from '../components/PagedTable';
import { ContractsTable } from '../offers/ContractsTable';
import { AnchorLink, ButtonLink } from '../components/links';
import { FieldValue, has } from '../components/FieldValue';
import { BreakGlassBanner, BreakGlassButton, TransferButton } from '../components/PortfolioActions';
import { formatDate, formatPhone } from '../lib/format';
import { clientName } from './ClientsPage';
import { CompanyData, RepresentativesPanel } from '../clients/RepresentativesPanel';
import { ClientClaimsTab } from '../service/ClientClaimsTab';
import { TimelineTab } from '../service/TimelineTab';
import { DocumentsPanel, useDocumentCategories } from '../clients/DocumentsPanel';
import { HouseholdPanel } from '../clients/HouseholdPanel';

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
  const readsDocuments = useDocumentCategories().read.length > 0;

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
              <Tabs.Tab value="claims">{t('card.tabs.claims')}</Tabs.Tab>
              <Tabs.Tab value="timeline">{t('card.tabs.timeline')}</Tabs.Tab>
              {readsDocuments && <Tabs.Tab value="documents">{t('card.tabs.documents')}</Tabs.Tab>}
              {allows.listsRequests && <Tabs.Tab value="dsr">{t('card.tabs.dsr')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="data" pt="md">
              {client.data.kind === 'company' && <CompanyData client={client.data} />}
              <ClientData client={client.data} />
              {client.data.kind === 'company' && <RepresentativesPanel companyId={clientId} />}
              {client.data.kind === 'person' && <HouseholdPanel clientId={clientId} />}
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
            <Tabs.Panel value="claims" pt="md">
              <ClientClaimsTab clientId={clientId} />
            </Tabs.Panel>
            <Tabs.Panel value="timeline" pt="md">
              <TimelineTab clientId={clientId} />
            </Tabs.Panel>
            {readsDocuments && (
              <Tabs.Panel value="documents" pt="md">
                <DocumentsPanel clientId={clientId} />
              </Tabs.Panel>
            )}
            {allows.listsRequests && (
              <Tabs.Panel value="dsr" pt="md">
                <ClientRequests client={client.data} />
              </Tabs.Panel>
            )}
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
  const { purpose } = useSession();
  const pages = useCursorPages();
  const contracts = useQuery({
    queryKey: ['clients', purpose, 'contracts', clientId, pages.cursor],
    queryFn: () =>
      getJson<Page<Contract>>('/api/contracts', {
        clientId,
        limit: String(PAGE_SIZE),
        cursor: pages.cursor,
      }),
  });
  return <ContractsTable query={contracts} pages={pages} testId="client-contracts" />;
}

/**
 * The data-protection state the client record carries (restriction, objection, anonymisation) and
 * the person's requests; shown only under a purpose that may list them.
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
        <Table withTableBorder data-testid="client-requests">
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
