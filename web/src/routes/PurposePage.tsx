import { Badge, Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { usePurposes, useSession } from '../api/hooks';
import { session, type Purpose } from '../api/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { ButtonLink } from '../components/links';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { forgetRecords, signOut } from '../lib/signout';

/** "W jakim celu pracujesz?": the role's purposes as cards; choosing one is the explicit act. */
export function PurposePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { me } = useSession();
  const purposes = usePurposes();
  const polish = i18n.language === 'pl';
  // The list is the next screen: fetch its code while the user reads the cards.
  useEffect(() => {
    void import('./ClientsPage');
  }, []);
  const mine = (purposes.data?.items ?? []).filter((p) => me?.purposes.includes(p.purpose));

  function choose(purpose: Purpose) {
    forgetRecords();
    session.setPurpose(purpose);
    // A marketer's work under marketing is the campaigns, a review of the record is the record, the
    // data protection officer handling requests starts at the inbox; everyone else at the clients.
    void navigate({
      to:
        me?.role === 'marketing' && purpose === 'marketing'
          ? '/kampanie'
          : purpose === 'security_audit'
            ? '/rejestr-operacji'
            : me?.role === 'dpo' && purpose === 'data_subject_rights'
              ? '/wnioski'
              : '/klienci',
    });
  }

  return (
    <Container size="lg" py="xl" component="main">
      <Stack>
        <Group justify="space-between">
          <LanguageSwitch />
          <Button variant="subtle" onClick={() => void signOut().then(() => navigate({ to: '/logowanie' }))}>
            {t('app.signOut')}
          </Button>
        </Group>
        <Title order={1}>{t('purpose.title')}</Title>
        <Text>{t('purpose.intro')}</Text>
        <ErrorAlert error={purposes.error} />
        {purposes.isSuccess && mine.length === 0 && <Text>{t('purpose.none')}</Text>}
        {me?.role === 'admin' && (
          <Group>
            <Text>{t('purpose.adminNoPurpose')}</Text>
            <ButtonLink to="/zespoly">{t('nav.teams')}</ButtonLink>
          </Group>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {mine.map((p) => (
            <Card key={p.purpose} withBorder padding="lg" radius="md" data-purpose={p.purpose}>
              <Stack gap="xs" h="100%">
                <Title order={2} size="h4">
                  {t(`purposes.${p.purpose}`)}
                </Title>
                <Text size="sm">{polish ? (p.descriptionPl ?? p.description) : p.description}</Text>
                <Text size="sm">
                  <Text span fw={600}>
                    {t('purpose.legalBasis')}:
                  </Text>{' '}
                  {polish ? p.legalBasis.articlePl : p.legalBasis.article}
                </Text>
                {p.consent.required && (
                  <Badge color="blue.9" variant="outline">
                    {t('purpose.consentRequired')}
                  </Badge>
                )}
                <Button
                  mt="auto"
                  onClick={() => choose(p.purpose)}
                  aria-label={`${t('purpose.choose')}: ${t(`purposes.${p.purpose}`)}`}
                >
                  {t('purpose.choose')}
                </Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
