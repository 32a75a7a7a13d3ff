import { Anchor, AppShell, Burger, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { usePurposeAllows, useSession } from '../api/hooks';
import { session } from '../api/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NavLinkLink } from '../components/links';
import { useBookAccess } from '../offers/book-access';
import { useServiceAccess } from '../service/access';
import { useImportAccess } from '../imports/import-access';
import { useReviewsRecord } from '../record/record-api';
import { forgetRecords, signOut } from '../lib/signout';

/** The frame of every screen: the purpose always in view, the menu of what role and purpose allow. */
export function Layout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me, purpose } = useSession();
  const allows = usePurposeAllows(purpose);
  const book = useBookAccess();
  const service = useServiceAccess();
  const imports = useImportAccess();
  const reviewsRecord = useReviewsRecord();
  const [opened, { toggle }] = useDisclosure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });

  function changePurpose() {
    forgetRecords();
    session.setPurpose(null);
    void navigate({ to: '/cel' });
  }

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <Anchor href="#main" className="skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} />
            <Title order={2} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap" data-testid="purpose-banner">
            <Text fw={600}>{purpose ? t('purpose.current', { purpose: t(`purposes.${purpose}`) }) : ''}</Text>
            <Button size="xs" variant="outline" onClick={changePurpose}>
              {t('purpose.change')}
            </Button>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="md">
              {me?.email} ({me ? t(`roles.${me.role}`) : ''})
            </Text>
            <LanguageSwitch />
            <Button
              size="xs"
              variant="subtle"
              onClick={() => void signOut().then(() => navigate({ to: '/logowanie' }))}
            >
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label={t('app.menu')}>
        <Stack gap={4}>
          {allows.readsClients && (
            <NavLinkLink
              to="/klienci"
              label={t('nav.clients')}
              active={
                pathname === '/klienci' || (pathname.startsWith('/klienci/') && pathname !== '/klienci/nowy')
              }
            />
          )}
          {allows.writesClients && (
            <NavLinkLink
              to="/klienci/nowy"
              label={t('nav.newClient')}
              active={pathname === '/klienci/nowy'}
            />
          )}
          {/* Marketing and portfolios */}
          {me?.role === 'marketing' && purpose === 'marketing' && (
            <NavLinkLink
              to="/kampanie"
              label={t('nav.campaigns')}
              active={pathname === '/kampanie' || pathname.startsWith('/kampanie/')}
            />
          )}
          {me?.role === 'admin' && (
            <NavLinkLink to="/zespoly" label={t('nav.teams')} active={pathname === '/zespoly'} />
          )}
          {me?.role === 'admin' && (
            <NavLinkLink
              to="/umowy-prowizyjne"
              label={t('nav.agreements')}
              active={pathname === '/umowy-prowizyjne'}
            />
          )}
          {me?.role === 'accountant' && purpose === 'legal_obligation' && (
            <NavLinkLink
              to="/prowizje"
              label={t('nav.commissions')}
              active={pathname.startsWith('/prowizje')}
            />
          )}
          {allows.worksOnOffers && (
            <>
              <NavLinkLink to="/polisy" label={t('nav.contracts')} active={pathname.startsWith('/polisy')} />
              <NavLinkLink to="/odnowienia" label={t('nav.renewals')} active={pathname === '/odnowienia'} />
            </>
          )}
          {book.readsInstalments && (
            <NavLinkLink
              to="/zalegle-raty"
              label={t('nav.overdueInstalments')}
              active={pathname === '/zalegle-raty'}
            />
          )}
          {service.readsTasks && (
            <NavLinkLink to="/zadania" label={t('nav.tasks')} active={pathname === '/zadania'} />
          )}
          {/* The data protection officer */}
          {me?.role === 'dpo' && purpose === 'data_subject_rights' && (
            <>
              <NavLinkLink to="/wnioski" label={t('nav.requests')} active={pathname.startsWith('/wnioski')} />
              <NavLinkLink to="/retencja" label={t('nav.retention')} active={pathname === '/retencja'} />
            </>
          )}
          {me?.role === 'dpo' && (purpose === 'data_subject_rights' || purpose === 'claims') && (
            <NavLinkLink to="/zatrzymania" label={t('nav.legalHolds')} active={pathname === '/zatrzymania'} />
          )}
          {me?.role === 'dpo' && (
            <>
              <NavLinkLink
                to="/rejestr-czynnosci"
                label={t('nav.processingRecord')}
                active={pathname === '/rejestr-czynnosci'}
              />
              <NavLinkLink
                to="/klauzula-informacyjna"
                label={t('nav.notice')}
                active={pathname === '/klauzula-informacyjna'}
              />
            </>
          )}
          {service.readsClaims && (
            <NavLinkLink to="/szkody" label={t('nav.claims')} active={pathname.startsWith('/szkody')} />
          )}
          {imports.imports && (
            <NavLinkLink
              to="/import-portfela"
              label={t('nav.imports')}
              active={pathname === '/import-portfela'}
            />
          )}
          {reviewsRecord && (
            <NavLinkLink
              to="/rejestr-operacji"
              label={t('nav.record')}
              active={pathname === '/rejestr-operacji'}
            />
          )}
          {allows.info &&
            !allows.readsClients &&
            !reviewsRecord &&
            !(purpose === 'marketing' || me?.role === 'admin') && (
              <Text size="sm" c="dimmed">
                {t('nav.nothing')}
              </Text>
            )}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
