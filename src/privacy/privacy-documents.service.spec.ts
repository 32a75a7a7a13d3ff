import { PURPOSES, REGISTRY } from '@app/privacy';
import { PrivacyDocumentsService } from './privacy-documents.service';

describe('documents generated from the privacy registry', () => {
  const documents = new PrivacyDocumentsService();

  afterEach(() => jest.restoreAllMocks());

  it('the processing record lists every purpose once, with basis, data and subject categories, recipients, no transfers, retention and security measures', () => {
    const record = documents.processingRecord();
    const all = [...record.asController, ...record.asProcessor];
    expect(all.map((a) => a.purpose).sort()).toEqual([...PURPOSES].sort());
    const offers = record.asController.find((a) => a.purpose === 'offer_preparation')!;
    expect(offers.legalBasis.article).toBe('art. 6(1)(b) GDPR');
    expect(offers.dataCategories.map((c) => c.key)).toEqual(
      expect.arrayContaining(['identity', 'email', 'phone', 'national_id']),
    );
    expect(offers.dataSubjects.map((s) => s.key)).toEqual(['clients']);
    expect(offers.retention).toEqual(REGISTRY.offer_preparation.retention);
    expect(offers.transfers.thirdCountries).toBe(false);
    expect(record.securityMeasures.length).toBeGreaterThan(3);
    // Processing for insurers is the processor's record (art. 30(2)).
    expect(record.asProcessor.map((a) => a.purpose)).toEqual(['insurer_mandate']);
  });

  it('changing one purpose’s retention in the registry changes the processing record and the notice', () => {
    const before = documents.processingRecord();
    const noticeBefore = documents.notice('en');
    const changed = {
      from: 'contract_end' as const,
      months: 120,
      en: 'contract data: 10 years after the contract ends',
      pl: 'dane umowy: 10 lat od zakończenia umowy',
    };
    jest.replaceProperty(REGISTRY.contract_performance, 'retention', changed);

    const after = documents.processingRecord();
    const activity = after.asController.find((a) => a.purpose === 'contract_performance')!;
    expect(activity.retention).toEqual(changed);
    expect(after).not.toEqual(before);
    // Nothing else moved.
    expect(after.asController.filter((a) => a.purpose !== 'contract_performance')).toEqual(
      before.asController.filter((a) => a.purpose !== 'contract_performance'),
    );
    const notice = documents.notice('en');
    expect(notice.text).toContain('contract data: 10 years after the contract ends');
    expect(noticeBefore.text).not.toContain('10 years');
  });

  it('builds from any registry object handed to it', () => {
    const registry = structuredClone(REGISTRY);
    registry.marketing.retention = {
      ...registry.marketing.retention,
      months: 3,
      en: 'three months after withdrawal',
    };
    const record = documents.processingRecord(registry);
    expect(record.asController.find((a) => a.purpose === 'marketing')!.retention.months).toBe(3);
    expect(
      documents.processingRecord().asController.find((a) => a.purpose === 'marketing')!.retention.months,
    ).toBe(0);
  });

  it('the notice names the controller, the purposes with their bases, the rights and the UODO address, in Polish and English', () => {
    const pl = documents.notice('pl');
    expect(pl.text).toContain('JPU Sp. z o.o.');
    expect(pl.text).toContain('Prezes Urzędu Ochrony Danych Osobowych');
    expect(pl.text).toContain('ul. Stawki 2, 00-193 Warszawa');
    // The Polish notice cites the law as Polish law does.
    expect(pl.text).toContain('art. 6 ust. 1 lit. a RODO');
    expect(pl.text).toContain('(art. 7 ust. 3 RODO)');
    expect(pl.text).not.toContain('GDPR');
    expect(pl.text).toContain(REGISTRY.offer_preparation.pl);
    expect(pl.text).toContain(REGISTRY.legal_obligation.retention.pl);
    const en = documents.notice('en');
    expect(en.text).toContain('President of the Personal Data Protection Office');
    expect(en.text).toContain('ul. Stawki 2, 00-193 Warszawa');
    expect(en.text).toContain(REGISTRY.marketing.en);
    // Processing for insurers is not the broker's own purpose: the notice points to the insurer instead.
    expect(en.text).not.toContain(REGISTRY.insurer_mandate.en);
    expect(en.text).toContain('contact the insurer');
  });
});

describe('what the notice says about selecting recipients', () => {
  const documents = new PrivacyDocumentsService();

  afterEach(() => jest.restoreAllMocks());

  it('comes from the registry: the lines marketing may select by, and those it never uses', () => {
    const selection = (lang: 'en' | 'pl') =>
      documents.notice(lang).sections.find((s) => s.key === 'selection')!.paragraphs;
    const marketing = selection('en').find((p) => p.startsWith(REGISTRY.marketing.en))!;
    expect(marketing).toContain('motor, home, travel, property, liability');
    expect(marketing).toContain('never: life, health');
    expect(selection('pl').find((p) => p.startsWith(REGISTRY.marketing.pl))).toContain(
      'nigdy: na życie, zdrowotne',
    );
    // Consent-based purposes that select by nothing else say so.
    expect(selection('en').find((p) => p.startsWith(REGISTRY.renewal_reminders.en))).toContain(
      'the consent alone',
    );

    jest.replaceProperty(REGISTRY.marketing, 'audienceSelection', { lineOfBusiness: ['motor'] });
    const narrowed = selection('en').find((p) => p.startsWith(REGISTRY.marketing.en))!;
    expect(narrowed).toContain('(motor; never: home, travel, life, health, property, liability)');
  });
});
