import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Colours are the dark shades (outline), readable at the badge's small size (WCAG AA).
 * The client's data-protection state as the API reports it: plain badges, nothing hidden. */
export function ClientBadges({ client }: { client: Record<string, unknown> }) {
  const { t } = useTranslation();
  const objection = client.objection === true || client.objected === true || client.objectedAt;
  return (
    <Group gap={4} wrap="wrap">
      {client.status === 'anonymised' ? (
        <Badge color="gray.8" variant="outline">
          {t('badges.anonymised')}
        </Badge>
      ) : (
        <Badge color="teal.9" variant="outline">
          {t('badges.active')}
        </Badge>
      )}
      {client.restricted === true && (
        <Badge color="red.9" variant="outline">
          {t('badges.restricted')}
        </Badge>
      )}
      {objection ? (
        <Badge color="grape.9" variant="outline">
          {t('badges.objection')}
        </Badge>
      ) : null}
      {client.erasureRefused === true && (
        <Badge color="indigo.9" variant="outline">
          {t('badges.erasureRefused')}
        </Badge>
      )}
    </Group>
  );
}
