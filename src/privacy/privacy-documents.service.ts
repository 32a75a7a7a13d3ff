import { Injectable } from '@nestjs/common';
import { citeArticle } from '@app/common/locale/polish';
import {
  AUDIENCE_ATTRIBUTES,
  AUTOMATED_DECISIONS,
  AudienceAttribute,
  CHANNEL_FIELDS,
  CONTROLLER,
  DATA_CATEGORIES,
  DATA_SUBJECT_CATEGORIES,
  DATA_SUBJECT_RIGHTS,
  DataCategory,
  DataSubjectCategory,
  ENTITIES,
  ENTITY_SUBJECTS,
  EntityDefinition,
  EntityName,
  LINES_OF_BUSINESS,
  LINE_OF_BUSINESS_NAMES,
  LineOfBusiness,
  PROVISION_OF_DATA,
  PURPOSES,
  Purpose,
  PurposeDefinition,
  REGISTRY,
  SECURITY_MEASURES,
  SUPERVISORY_AUTHORITY,
  TRANSFERS,
  documentCategoriesFor,
  readableFields,
  writableFields,
} from '@app/privacy';

export type Lang = 'pl' | 'en';
type Registry = Record<Purpose, PurposeDefinition>;

interface Text {
  en: string;
  pl: string;
}

/** One purpose as a processing activity, derived from its registry entry. */
export interface ProcessingActivity {
  purpose: Purpose;
  name: Text;
  role: 'controller' | 'processor';
  legalBasis: PurposeDefinition['legalBasis'];
  consentRequired: boolean;
  dataSubjects: Array<{ key: DataSubjectCategory } & Text>;
  dataCategories: Array<{ key: DataCategory } & Text>;
  fields: Partial<Record<EntityName, string[]>>;
  recipients: Text;
  transfers: typeof TRANSFERS;
  retention: PurposeDefinition['retention'];
  staffRoles: PurposeDefinition['roles'];
  /** By what, besides consent, the purpose may select a mailing's audience (empty: by nothing). */
  audienceSelection: Partial<Record<AudienceAttribute, string[]>>;
}

const NOTICE_HEADINGS: Record<Lang, Record<string, string>> = {
  en: {
    title: 'Information on the processing of personal data (art. 13 GDPR)',
    controller: 'Controller',
    categories: 'Data we process',
    purposes: 'Purposes and legal bases',
    selection: 'How recipients of mailings are selected',
    recipients: 'Recipients',
    transfers: 'Transfers to third countries',
    retention: 'How long we keep the data',
    rights: 'Your rights',
    complaint: 'Complaint to the supervisory authority',
    provision: 'Providing the data',
    automated: 'Automated decisions',
  },
  pl: {
    title: 'Informacja o przetwarzaniu danych osobowych (art. 13 RODO)',
    controller: 'Administrator',
    categories: 'Przetwarzane dane',
    purposes: 'Cele i podstawy prawne przetwarzania',
    selection: 'Wybór adresatów wysyłek',
    recipients: 'Odbiorcy danych',
    transfers: 'Przekazywanie danych do państw trzecich',
    retention: 'Okres przechowywania danych',
    rights: 'Przysługujące prawa',
    complaint: 'Skarga do organu nadzorczego',
    provision: 'Podanie danych',
    automated: 'Zautomatyzowane podejmowanie decyzji',
  },
};

/**
 * Documents derived from the privacy registry; they change when the registry changes. Each takes
 * the purposes as an argument (the registry by default), so what a document says about a purpose
 * always comes from that purpose's entry and never from a copy.
 */
@Injectable()
export class PrivacyDocumentsService {
  purposes() {
    return {
      items: PURPOSES.map((purpose) => {
        const def = REGISTRY[purpose];
        const entities = Object.keys(def.access) as EntityName[];
        return {
          purpose,
          description: def.en,
          descriptionPl: def.pl,
          legalBasis: def.legalBasis,
          consent: def.consentGate
            ? { required: true, purpose: def.consentGate, channelFields: CHANNEL_FIELDS }
            : { required: false },
          roles: def.roles,
          seesRestrictedClients: def.seesRestricted,
          seesErasureRefusedClients: def.seesErasureRefused,
          fields: Object.fromEntries(
            entities.map((entity) => [
              entity,
              {
                alwaysVisible: ENTITIES[entity].alwaysVisible,
                read: readableFields(purpose, entity),
                write: writableFields(purpose, entity),
                readNeedsConsentPerChannel: def.consentGate !== null && entity === 'Client',
              },
            ]),
          ),
          consents: def.consents,
          documentCategories: {
            read: documentCategoriesFor(purpose, 'read'),
            upload: documentCategoriesFor(purpose, 'upload'),
          },
          audienceSelection: def.audienceSelection ?? {},
          clientLookup: def.clientLookup ?? [],
          retention: def.retention,
          recipients: def.recipients,
        };
      }),
    };
  }

  /** The record of processing activities (art. 30(1) as controller, 30(2) as processor). */
  processingRecord(registry: Registry = REGISTRY) {
    const activities = PURPOSES.map((purpose) => activity(purpose, registry[purpose]));
    return {
      document: 'record_of_processing_activities',
      article: 'art. 30 GDPR',
      controller: CONTROLLER,
      asController: activities.filter((a) => a.role === 'controller'),
      asProcessor: activities.filter((a) => a.role === 'processor'),
      transfers: TRANSFERS,
      automatedDecisions: AUTOMATED_DECISIONS,
      securityMeasures: SECURITY_MEASURES,
    };
  }

  /** The information given to a person whose data the broker collects (art. 13). */
  notice(lang: Lang = 'pl', registry: Registry = REGISTRY) {
    const h = NOTICE_HEADINGS[lang];
    const own = PURPOSES.map((purpose) => activity(purpose, registry[purpose])).filter(
      (a) => a.role === 'controller',
    );
    const categories = uniqueBy(
      own.flatMap((a) => a.dataCategories),
      (c) => c.key,
    );
    const recipients = uniqueBy(
      own.map((a) => a.recipients),
      (r) => r.en,
    );
    const basis = lang === 'pl' ? 'podstawa' : 'basis';
    const sections: Array<{ key: string; heading: string; paragraphs: string[] }> = [
      {
        key: 'controller',
        heading: h.controller,
        paragraphs: [
          `${CONTROLLER.name}, ${CONTROLLER.address}, NIP ${CONTROLLER.nip}, KRS ${CONTROLLER.krs}. ${
            lang === 'pl' ? 'Kontakt' : 'Contact'
          }: ${CONTROLLER.contact[lang]}.`,
          CONTROLLER.processorRole[lang],
        ],
      },
      { key: 'categories', heading: h.categories, paragraphs: [categories.map((c) => c[lang]).join(', ')] },
      {
        key: 'purposes',
        heading: h.purposes,
        paragraphs: own.map(
          (a) =>
            `${a.name[lang]} — ${basis}: ${lang === 'pl' ? a.legalBasis.articlePl : a.legalBasis.article}, ${a.legalBasis[lang]}.`,
        ),
      },
      {
        key: 'selection',
        heading: h.selection,
        paragraphs: own
          .filter((a) => a.consentRequired)
          .map((a) => `${a.name[lang]}: ${selectionText(a, lang)}`),
      },
      { key: 'recipients', heading: h.recipients, paragraphs: recipients.map((r) => r[lang]) },
      { key: 'transfers', heading: h.transfers, paragraphs: [TRANSFERS[lang]] },
      {
        key: 'retention',
        heading: h.retention,
        paragraphs: own.map((a) => `${a.name[lang]}: ${a.retention[lang]}.`),
      },
      {
        key: 'rights',
        heading: h.rights,
        paragraphs: DATA_SUBJECT_RIGHTS.map((r) => `${r[lang]} (${citeArticle(r.article, lang)}).`),
      },
      {
        key: 'complaint',
        heading: h.complaint,
        paragraphs: [`${SUPERVISORY_AUTHORITY.name[lang]}, ${SUPERVISORY_AUTHORITY.address}.`],
      },
      { key: 'provision', heading: h.provision, paragraphs: [PROVISION_OF_DATA[lang]] },
      { key: 'automated', heading: h.automated, paragraphs: [AUTOMATED_DECISIONS[lang]] },
    ];
    const text = [
      h.title,
      ...sections.map((s) => `${s.heading}\n${s.paragraphs.map((p) => `- ${p}`).join('\n')}`),
    ].join('\n\n');
    return {
      document: 'information_notice',
      article: 'art. 13 GDPR',
      lang,
      title: h.title,
      controller: CONTROLLER,
      supervisoryAuthority: SUPERVISORY_AUTHORITY,
      sections,
      text,
    };
  }
}

function fieldsOf(entity: EntityName, spec: 'all' | readonly string[]): string[] {
  return spec === 'all' ? Object.keys((ENTITIES[entity] as EntityDefinition).personal) : [...spec];
}

function activity(purpose: Purpose, def: PurposeDefinition): ProcessingActivity {
  const entities = Object.keys(def.access) as EntityName[];
  const fields: Partial<Record<EntityName, string[]>> = {};
  const categories = new Set<DataCategory>();
  const subjects = new Set<DataSubjectCategory>();
  for (const entity of entities) {
    const access = def.access[entity]!;
    const personal = (ENTITIES[entity] as EntityDefinition).personal;
    const read = fieldsOf(entity, access.read);
    // A consent-gated purpose also sees the consented channel's field.
    const all =
      def.consentGate && entity === 'Client'
        ? [...new Set([...read, ...Object.values(CHANNEL_FIELDS).flat()])]
        : read;
    fields[entity] = all;
    for (const field of all) if (personal[field]) categories.add(personal[field]);
    subjects.add(ENTITY_SUBJECTS[entity] ?? 'clients');
  }
  if (subjects.size === 0) subjects.add('clients');
  const processor = entities.length > 0 && entities.every((e) => ENTITY_SUBJECTS[e] === 'mandate_subjects');
  return {
    purpose,
    name: { en: def.en, pl: def.pl },
    role: processor ? 'processor' : 'controller',
    legalBasis: def.legalBasis,
    consentRequired: def.consentGate !== null,
    dataSubjects: [...subjects].map((key) => ({ key, ...DATA_SUBJECT_CATEGORIES[key] })),
    dataCategories: (Object.keys(DATA_CATEGORIES) as DataCategory[])
      .filter((c) => categories.has(c))
      .map((key) => ({ key, ...DATA_CATEGORIES[key] })),
    fields,
    recipients: def.recipients,
    transfers: TRANSFERS,
    retention: def.retention,
    staffRoles: def.roles,
    audienceSelection: Object.fromEntries(
      Object.entries(def.audienceSelection ?? {}).map(([attribute, values]) => [attribute, [...values]]),
    ),
  };
}

/**
 * What a consent-based purpose selects its recipients by, besides the consent, from the registry:
 * each attribute with the values it may use and, for lines of business, those it never uses.
 */
function selectionText(activity: ProcessingActivity, lang: Lang): string {
  const only = lang === 'pl' ? 'wyłącznie zgoda' : 'the consent alone';
  const entries = Object.entries(activity.audienceSelection) as Array<[AudienceAttribute, string[]]>;
  if (entries.length === 0) return `${only}.`;
  const parts = entries.map(([attribute, values]) => {
    if (attribute !== 'lineOfBusiness')
      return `${AUDIENCE_ATTRIBUTES[attribute][lang]}: ${values.join(', ')}`;
    const name = (line: string) => LINE_OF_BUSINESS_NAMES[line as LineOfBusiness][lang];
    const never = LINES_OF_BUSINESS.filter((line) => !values.includes(line));
    const used = values.length > 0 ? values.map(name).join(', ') : lang === 'pl' ? 'żadne' : 'none';
    const unused =
      never.length > 0
        ? lang === 'pl'
          ? `; nigdy: ${never.map(name).join(', ')}`
          : `; never: ${never.map(name).join(', ')}`
        : '';
    return `${AUDIENCE_ATTRIBUTES[attribute][lang]} (${used}${unused})`;
  });
  return lang === 'pl' ? `zgoda oraz ${parts.join('; ')}.` : `the consent and ${parts.join('; ')}.`;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
