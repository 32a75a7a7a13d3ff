import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';

export type Campaign = components['schemas']['CampaignResponseDto'];
export type CampaignStatus = Campaign['status'];
export type LineOfBusiness = NonNullable<components['schemas']['CampaignAudienceDto']['lineOfBusiness']>;

/** Campaigns are read and sent only under the marketing purpose. */
export const MARKETING = { 'X-Purpose': 'marketing' } as const;
export const LINES: LineOfBusiness[] = ['motor', 'home', 'travel', 'life', 'health', 'property', 'liability'];
/** The placeholders the API fills (HTML-escaped) for each recipient. */
export const PLACEHOLDERS = ['{{firstName}}', '{{lastName}}'];
/** While a campaign sends, its counts are read again this often. */
export const POLL_MS = 2000;

const STATUS_COLOURS: Record<CampaignStatus, string> = {
  draft: 'gray.8',
  running: 'blue.9',
  done: 'teal.9',
  cancelled: 'red.9',
};

export function StatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="outline" data-testid="campaign-status">
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}
