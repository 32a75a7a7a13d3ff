import { Injectable } from '@nestjs/common';
import type { DataSubjectRequestType } from '../data-subject-request.dto';
import { AccessHandler } from './access.handler';
import { ErasureHandler } from './erasure.handler';
import { ObjectionHandler } from './objection.handler';
import { PortabilityHandler } from './portability.handler';
import { RectificationHandler } from './rectification.handler';
import { AnsweringOperation, RequestHandler } from './request-handler';
import { RestrictionHandler } from './restriction.handler';
import { WithdrawConsentHandler } from './withdraw-consent.handler';

/** The one map of request types to their handlers; every type has exactly one. */
@Injectable()
export class RequestHandlers {
  private readonly byType: { readonly [Type in DataSubjectRequestType]: RequestHandler };

  constructor(
    access: AccessHandler,
    portability: PortabilityHandler,
    erasure: ErasureHandler,
    restriction: RestrictionHandler,
    objection: ObjectionHandler,
    withdrawConsent: WithdrawConsentHandler,
    rectification: RectificationHandler,
  ) {
    // In the order refusals list the types an operation serves.
    this.byType = {
      access,
      portability,
      erasure,
      restriction,
      objection,
      withdraw_consent: withdrawConsent,
      rectification,
    };
  }

  of(type: DataSubjectRequestType): RequestHandler {
    return this.byType[type];
  }

  /** The types the operation answers. */
  answeredBy(operation: AnsweringOperation): DataSubjectRequestType[] {
    return Object.values(this.byType)
      .filter((h) => h.answeredBy === operation)
      .map((h) => h.type);
  }
}

export const REQUEST_HANDLER_PROVIDERS = [
  AccessHandler,
  PortabilityHandler,
  ErasureHandler,
  RestrictionHandler,
  ObjectionHandler,
  WithdrawConsentHandler,
  RectificationHandler,
  RequestHandlers,
];
