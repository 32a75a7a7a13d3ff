import { buildAbility, permittedFields } from './ability.factory';
import { PrivacyScope } from './privacy-scope';
import { PURPOSES, Purpose, REGISTRY, ROLES, Role, roleMayUse } from './registry';

const scope = (role: Role, purpose: Purpose) => PrivacyScope.forStaff('staff-1', role, purpose);
const UPDATE_CLIENT = { action: 'update', resource: 'client' } as const;
const LIST_CLIENTS = { action: 'list', resource: 'client' } as const;

const ALL = [
  'address',
  'companyName',
  'createdAt',
  'dateOfBirth',
  'email',
  'firstName',
  'id',
  'kind',
  'krs',
  'language',
  'lastName',
  'nip',
  'pesel',
  'phone',
  'regon',
  'restricted',
  'status',
  'teamId',
];
const client = (activeConsents: string[] = [], restricted = false, erasureRefused = false) => ({
  id: 'c1',
  restricted,
  erasureRefused,
  activeConsents,
});

describe('abilities derived from the registry', () => {
  it('gives a role no fields under a purpose it may not use', () => {
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        if (roleMayUse(role, purpose)) continue;
        expect(
          permittedFields(buildAbility({ role, purpose }), 'read', 'Client', client(['marketing:email'])),
        ).toEqual([]);
      }
    }
  });

  it('lets brokers read everything for offers, and nothing without a purpose', () => {
    expect(
      permittedFields(
        buildAbility({ role: 'broker', purpose: 'offer_preparation' }),
        'read',
        'Client',
        client(),
      ).sort(),
    ).toEqual(ALL);
    expect(
      permittedFields(buildAbility({ role: 'broker', purpose: null }), 'read', 'Client', client()),
    ).toEqual([]);
  });

  it('reveals only the consented channel to marketing', () => {
    const ability = buildAbility({ role: 'marketing', purpose: 'marketing' });
    expect(permittedFields(ability, 'read', 'Client', client())).toEqual([]);
    expect(permittedFields(ability, 'read', 'Client', client(['renewal_reminders:email']))).toEqual([]);
    const emailOnly = permittedFields(ability, 'read', 'Client', client(['marketing:email']));
    expect(emailOnly).toContain('email');
    expect(emailOnly).not.toContain('phone');
    expect(emailOnly).not.toContain('pesel');
    const both = permittedFields(ability, 'read', 'Client', client(['marketing:email', 'marketing:post']));
    expect(both).toEqual(expect.arrayContaining(['email', 'address']));
    expect(both).not.toContain('phone');
  });

  it('hides restricted clients from purposes that may not process them', () => {
    for (const purpose of PURPOSES) {
      const role = REGISTRY[purpose].roles[0];
      const fields = permittedFields(
        buildAbility({ role, purpose }),
        'read',
        'Client',
        client(['marketing:email', 'renewal_reminders:email', 'client_contact:email'], true),
      );
      expect([purpose, fields.length > 0]).toEqual([
        purpose,
        REGISTRY[purpose].seesRestricted && REGISTRY[purpose].access.Client !== undefined,
      ]);
    }
  });

  it('keeps a client whose erasure was refused visible only under the purposes the registry lets survive it', () => {
    const consents = ['marketing:email', 'renewal_reminders:email', 'client_contact:email'];
    const seen = PURPOSES.filter((purpose) => {
      const role = REGISTRY[purpose].roles[0];
      return (
        permittedFields(buildAbility({ role, purpose }), 'read', 'Client', client(consents, false, true))
          .length > 0
      );
    });
    expect(seen).toEqual(
      PURPOSES.filter((p) => REGISTRY[p].seesErasureRefused && REGISTRY[p].access.Client !== undefined),
    );
    expect(seen.sort()).toEqual([
      'claims',
      'contract_performance',
      'data_subject_rights',
      'legal_obligation',
    ]);
    // The broker still services the policy: every field, and writes of them.
    const broker = buildAbility({ role: 'broker', purpose: 'contract_performance' });
    expect(permittedFields(broker, 'read', 'Client', client([], false, true)).sort()).toEqual(ALL);
    expect(() =>
      scope('broker', 'contract_performance').assertWritable(
        'update',
        'Client',
        client([], false, true),
        ['address'],
        UPDATE_CLIENT,
      ),
    ).not.toThrow();
    // Restriction (art. 18) stays the narrower state: contract performance does not see it.
    expect(permittedFields(broker, 'read', 'Client', client([], true, true))).toEqual([]);
  });

  it('refuses a write naming every forbidden field', () => {
    expect(() =>
      scope('accountant', 'legal_obligation').assertWritable(
        'update',
        'Client',
        client(),
        ['firstName', 'email'],
        UPDATE_CLIENT,
      ),
    ).toThrow(expect.objectContaining({ fields: ['firstName', 'email'] }));
    expect(() =>
      scope('broker', 'contract_performance').assertWritable(
        'update',
        'Client',
        client(),
        ['firstName', 'pesel'],
        UPDATE_CLIENT,
      ),
    ).not.toThrow();
    expect(() =>
      scope('broker', 'contract_performance').assertWritable(
        'update',
        'Client',
        client(),
        ['status'],
        UPDATE_CLIENT,
      ),
    ).toThrow();
  });

  it('refuses filters on fields the purpose cannot read', () => {
    expect(() =>
      scope('accountant', 'legal_obligation').assertFilterable(
        'Client',
        ['lastName'],
        'filter',
        LIST_CLIENTS,
      ),
    ).not.toThrow();
    expect(() =>
      scope('accountant', 'legal_obligation').assertFilterable(
        'Client',
        ['pesel', 'email'],
        'filter',
        LIST_CLIENTS,
      ),
    ).toThrow(expect.objectContaining({ fields: ['pesel', 'email'] }));
    expect(() =>
      scope('marketing', 'marketing').assertFilterable('Client', ['email'], 'filter', LIST_CLIENTS),
    ).not.toThrow();
    expect(() =>
      scope('marketing', 'marketing').assertFilterable('Client', ['dateOfBirth'], 'filter', LIST_CLIENTS),
    ).toThrow();
  });
});
