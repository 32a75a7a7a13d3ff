import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Client } from '../api/types';
import { AnchorLink } from '../components/links';
import { clientName } from '../routes/ClientsPage';

/** The person a request is about, by name, linked to the client's card (the id stays in the path). */
export function ClientName({ clientId, link = true }: { clientId: string | null; link?: boolean }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const client = useQuery({
    queryKey: ['clients', purpose, 'card', clientId],
    enabled: !!clientId,
    queryFn: () =>
      unwrap(api.GET('/api/clients/{id}', { params: { path: { id: clientId! }, header: purposeHeader() } })),
  });
  if (!clientId) return <>{t('dsr.mandateSubject')}</>;
  const c = client.data as Client | undefined;
  const name = c ? clientName(t, c) : client.error ? t('clients.noName', { id: clientId.slice(0, 8) }) : '…';
  if (!link) return <>{name}</>;
  return (
    <AnchorLink to="/klienci/$clientId" params={{ clientId }}>
      {name}
    </AnchorLink>
  );
}
