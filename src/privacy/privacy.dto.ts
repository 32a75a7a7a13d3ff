import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  CONSENT_PURPOSES,
  ConsentPurpose,
  DOCUMENT_CATEGORIES,
  DocumentCategory,
  PURPOSES,
  Purpose,
  ROLES,
  Role,
} from '@app/privacy';
import type { Lang } from './privacy-documents.service';

export class NoticeQueryDto {
  @ApiPropertyOptional({ enum: ['pl', 'en'], default: 'pl' })
  @IsOptional()
  @IsIn(['pl', 'en'])
  lang?: Lang;
}

const STRING_LISTS = { type: 'array', items: { type: 'string' } } as const;

export class TextDto {
  @ApiProperty() en!: string;
  @ApiProperty() pl!: string;
}

export class LegalBasisDto extends TextDto {
  @ApiProperty({ example: 'art. 6(1)(b) GDPR' }) article!: string;
  @ApiProperty({ example: 'art. 6 ust. 1 lit. b RODO' }) articlePl!: string;
}

export class RetentionRuleDto extends TextDto {
  @ApiProperty({ description: 'What starts the clock', example: 'contract_end' }) from!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
}

export class PurposeConsentDto {
  @ApiProperty() required!: boolean;
  @ApiPropertyOptional({ enum: CONSENT_PURPOSES, description: 'The consent that opens the purpose' })
  purpose?: ConsentPurpose;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: STRING_LISTS,
    description: 'Client fields each consented channel opens',
  })
  channelFields?: Record<string, string[]>;
}

export class EntityFieldsDto {
  @ApiProperty({ type: [String] }) alwaysVisible!: string[];
  @ApiProperty({ type: [String] }) read!: string[];
  @ApiProperty({ type: [String] }) write!: string[];
  @ApiProperty() readNeedsConsentPerChannel!: boolean;
}

export class ConsentRightsDto {
  @ApiProperty() read!: boolean;
  @ApiProperty() grant!: boolean;
  @ApiProperty() withdraw!: boolean;
}

export class DocumentCategoriesDto {
  @ApiProperty({ enum: DOCUMENT_CATEGORIES, isArray: true, description: 'Categories read and downloaded' })
  read!: DocumentCategory[];
  @ApiProperty({ enum: DOCUMENT_CATEGORIES, isArray: true, description: 'Categories uploaded' })
  upload!: DocumentCategory[];
}

export class PurposeDescriptionDto {
  @ApiProperty({ enum: PURPOSES }) purpose!: Purpose;
  @ApiProperty() description!: string;
  @ApiProperty({ type: LegalBasisDto }) legalBasis!: LegalBasisDto;
  @ApiProperty({ type: PurposeConsentDto }) consent!: PurposeConsentDto;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() seesRestrictedClients!: boolean;
  @ApiProperty() seesErasureRefusedClients!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(EntityFieldsDto) },
    description: 'Per entity (Client, Contract, ...)',
  })
  fields!: Record<string, EntityFieldsDto>;
  @ApiProperty({ type: ConsentRightsDto }) consents!: ConsentRightsDto;
  @ApiProperty({ type: DocumentCategoriesDto, description: 'Documents of clients, by category' })
  documentCategories!: DocumentCategoriesDto;
  @ApiProperty({ type: 'object', additionalProperties: STRING_LISTS, description: 'Attribute: values' })
  audienceSelection!: Record<string, string[]>;
  @ApiProperty({
    type: [String],
    enum: ['firstName', 'lastName', 'companyName', 'pesel'],
    description: 'Client fields by which a client’s id may be found without reading the client',
  })
  clientLookup!: string[];
  @ApiProperty({ type: RetentionRuleDto }) retention!: RetentionRuleDto;
  @ApiProperty({ type: TextDto }) recipients!: TextDto;
}

export class PurposesResponseDto {
  @ApiProperty({ type: [PurposeDescriptionDto] }) items!: PurposeDescriptionDto[];
}

export class KeyedTextDto extends TextDto {
  @ApiProperty() key!: string;
}

export class TransfersDto extends TextDto {
  @ApiProperty() thirdCountries!: boolean;
}

export class AutomatedDecisionsDto extends TextDto {
  @ApiProperty() used!: boolean;
}

export class ControllerFactsDto {
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty() nip!: string;
  @ApiProperty() krs!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: TextDto }) contact!: TextDto;
  @ApiProperty({ type: TextDto }) processorRole!: TextDto;
}

export class ProcessingActivityDto {
  @ApiProperty({ enum: PURPOSES }) purpose!: Purpose;
  @ApiProperty({ type: TextDto }) name!: TextDto;
  @ApiProperty({ enum: ['controller', 'processor'] }) role!: 'controller' | 'processor';
  @ApiProperty({ type: LegalBasisDto }) legalBasis!: LegalBasisDto;
  @ApiProperty() consentRequired!: boolean;
  @ApiProperty({ type: [KeyedTextDto] }) dataSubjects!: KeyedTextDto[];
  @ApiProperty({ type: [KeyedTextDto] }) dataCategories!: KeyedTextDto[];
  @ApiProperty({ type: 'object', additionalProperties: STRING_LISTS, description: 'Entity: fields read' })
  fields!: Record<string, string[]>;
  @ApiProperty({ type: TextDto }) recipients!: TextDto;
  @ApiProperty({ type: TransfersDto }) transfers!: TransfersDto;
  @ApiProperty({ type: RetentionRuleDto }) retention!: RetentionRuleDto;
  @ApiProperty({ enum: ROLES, isArray: true }) staffRoles!: Role[];
  @ApiProperty({ type: 'object', additionalProperties: STRING_LISTS, description: 'Attribute: values' })
  audienceSelection!: Record<string, string[]>;
}

export class ProcessingRecordResponseDto {
  @ApiProperty({ enum: ['record_of_processing_activities'] }) document!: string;
  @ApiProperty({ example: 'art. 30 GDPR' }) article!: string;
  @ApiProperty({ type: ControllerFactsDto }) controller!: ControllerFactsDto;
  @ApiProperty({ type: [ProcessingActivityDto] }) asController!: ProcessingActivityDto[];
  @ApiProperty({ type: [ProcessingActivityDto] }) asProcessor!: ProcessingActivityDto[];
  @ApiProperty({ type: TransfersDto }) transfers!: TransfersDto;
  @ApiProperty({ type: AutomatedDecisionsDto }) automatedDecisions!: AutomatedDecisionsDto;
  @ApiProperty({ type: [TextDto] }) securityMeasures!: TextDto[];
}

export class SupervisoryAuthorityDto {
  @ApiProperty({ type: TextDto }) name!: TextDto;
  @ApiProperty() address!: string;
}

export class NoticeSectionDto {
  @ApiProperty({ example: 'controller' }) key!: string;
  @ApiProperty() heading!: string;
  @ApiProperty({ type: [String] }) paragraphs!: string[];
}

export class NoticeResponseDto {
  @ApiProperty({ enum: ['information_notice'] }) document!: string;
  @ApiProperty({ example: 'art. 13 GDPR' }) article!: string;
  @ApiProperty({ enum: ['pl', 'en'] }) lang!: Lang;
  @ApiProperty() title!: string;
  @ApiProperty({ type: ControllerFactsDto }) controller!: ControllerFactsDto;
  @ApiProperty({ type: SupervisoryAuthorityDto }) supervisoryAuthority!: SupervisoryAuthorityDto;
  @ApiProperty({ type: [NoticeSectionDto] }) sections!: NoticeSectionDto[];
  @ApiProperty({ description: 'The whole notice as plain text' }) text!: string;
}
