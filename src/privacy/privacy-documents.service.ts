import { Injectable } from '@nestjs/common';
import {
  CHANNEL_FIELDS,
  ENTITIES,
  EntityName,
  PURPOSES,
  REGISTRY,
  readableFields,
  writableFields,
} from '@app/privacy';

/** Documents derived from the privacy registry; they change when the registry changes. */
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
          legalBasis: def.legalBasis,
          consent: def.consentGate
            ? { required: true, purpose: def.consentGate, channelFields: CHANNEL_FIELDS }
            : { required: false },
          roles: def.roles,
          seesRestrictedClients: def.seesRestricted,
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
          retention: def.retention,
          recipients: def.recipients,
        };
      }),
    };
  }
}
