import type { components } from './schema';

export type Client = components['schemas']['ClientResponseDto'];
export type Contract = components['schemas']['ContractResponseDto'];
export type DataSubjectRequest = components['schemas']['DataSubjectRequestResponseDto'];
export type Money = components['schemas']['MoneyDto'];

/** A page of a list: `{items, nextCursor}`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConsentView {
  id: string;
  purpose: string;
  channel: string;
  source: string;
  evidence: string | null;
  noticeVersion: string;
  grantedAt: string;
  withdrawnAt: string | null;
}

export interface ConsentEvent {
  at: string;
  event: 'granted' | 'withdrawn';
  consentId: string;
  purpose: string;
  channel: string;
  source: string;
  noticeVersion?: string;
}

export interface OfferRequestSummary {
  id: string;
  clientId: string;
  lineOfBusiness: string;
  status: string;
  createdAt: string;
}

export const CONSENT_PURPOSES = ['marketing', 'renewal_reminders', 'client_contact'] as const;
export const CHANNELS = ['email', 'phone', 'post'] as const;
/** How a consent or its withdrawal reached the broker. */
export const CONSENT_SOURCES = ['meeting', 'paper_form', 'phone_call', 'email'] as const;
