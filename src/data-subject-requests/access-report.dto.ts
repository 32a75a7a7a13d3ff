import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, CONSENT_PURPOSES, PURPOSES } from '@app/privacy';

/** A record whose fields are those of its source (an offer request, a contract, a record entry, ...). */
const RECORDS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

class TextDto {
  @ApiProperty() en!: string;
  @ApiProperty() pl!: string;
}

class AddressDto {
  @ApiProperty() street!: string;
  @ApiProperty() postalCode!: string;
  @ApiProperty() city!: string;
  @ApiProperty() country!: string;
}

class RequestRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ format: 'date' }) receivedAt!: string;
  @ApiProperty({ format: 'date' }) dueAt!: string;
}

class PersonalDataDto {
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: AddressDto, nullable: true }) address!: AddressDto | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true }) pesel!: string | null;
  @ApiProperty({ enum: ['pl', 'en'], description: 'The language of correspondence' }) language!: string;
}

class ReportSubjectDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: ['active', 'anonymised'] }) status!: string;
  @ApiProperty() restricted!: boolean;
  @ApiProperty() objectedToMarketing!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) anonymisedAt!: string | null;
  @ApiProperty({ type: PersonalDataDto }) data!: PersonalDataDto;
}

class SourceDto extends TextDto {
  @ApiProperty({ type: String, nullable: true, description: 'As recorded: "staff:<purpose>" or an import' })
  from!: string | null;
}

class LegalBasisDto extends TextDto {
  @ApiProperty() article!: string;
  @ApiProperty() articlePl!: string;
}

class KeyedTextDto extends TextDto {
  @ApiProperty() key!: string;
}

class RuleDto extends TextDto {
  @ApiProperty() from!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
}

class PurposeRetentionDto {
  @ApiProperty({ type: RuleDto }) rule!: RuleDto;
  @ApiProperty({ type: String, nullable: true, description: 'When the duty for this person ends' })
  until!: string | null;
}

class ReportPurposeDto {
  @ApiProperty({ enum: PURPOSES }) purpose!: string;
  @ApiProperty({ description: 'Whether the purpose processes this person’s data' }) applies!: boolean;
  @ApiProperty({ example: 'active consent' }) why!: string;
  @ApiProperty({ type: TextDto }) description!: TextDto;
  @ApiProperty({ type: LegalBasisDto }) legalBasis!: LegalBasisDto;
  @ApiProperty({ type: [KeyedTextDto] }) dataCategories!: KeyedTextDto[];
  @ApiProperty({ type: [String] }) fields!: string[];
  @ApiProperty({ type: PurposeRetentionDto }) retention!: PurposeRetentionDto;
  @ApiProperty({ type: TextDto }) recipients!: TextDto;
}

class ReportDutyDto {
  @ApiProperty({ example: 'contract' }) kind!: string;
  @ApiProperty({ enum: PURPOSES }) purpose!: string;
  @ApiProperty() legal!: boolean;
  @ApiProperty({ type: String, nullable: true }) until!: string | null;
  @ApiProperty({ type: TextDto }) rule!: TextDto;
}

class ReportRetentionDto {
  @ApiProperty({ type: [ReportDutyDto] }) duties!: ReportDutyDto[];
  @ApiProperty({ ...RECORDS, description: 'Every legal hold, active and released' })
  legalHolds!: Record<string, unknown>[];
}

class ReportAccessLogDto {
  @ApiProperty({ type: 'integer', description: 'Entries about the person in the record' }) total!: number;
  @ApiProperty({ description: 'Only the latest entries are listed' }) truncated!: boolean;
  @ApiProperty({ ...RECORDS, description: 'Entries of the record of operations, oldest first' })
  entries!: Record<string, unknown>[];
}

class ConsentsStateDto {
  @ApiProperty({ ...RECORDS, description: 'Consents in force' }) active!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Grants and withdrawals, oldest first' })
  history!: Record<string, unknown>[];
}

class FlagTextDto extends TextDto {
  @ApiPropertyOptional() thirdCountries?: boolean;
  @ApiPropertyOptional() used?: boolean;
}

/** Art. 15: everything held on the person, and what the broker does with it. */
export class AccessReportDto {
  @ApiProperty({ enum: ['consentry.access-report/1'] }) schemaVersion!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: RequestRefDto }) request!: RequestRefDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Who the controller is' })
  controller!: Record<string, unknown>;
  @ApiProperty({ type: ReportSubjectDto }) subject!: ReportSubjectDto;
  @ApiProperty({ type: SourceDto }) source!: SourceDto;
  @ApiProperty({ type: [ReportPurposeDto] }) purposes!: ReportPurposeDto[];
  @ApiProperty({ type: ReportRetentionDto }) retention!: ReportRetentionDto;
  @ApiProperty({ type: ConsentsStateDto }) consents!: ConsentsStateDto;
  @ApiProperty({ ...RECORDS, description: 'Offer requests with their quotes' }) offers!: Record<
    string,
    unknown
  >[];
  @ApiProperty({ ...RECORDS, description: 'Contracts' }) contracts!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Mailings sent or meant for the person' })
  campaignRecipients!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Claims on the person’s contracts, with their history' })
  claims!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Staff tasks about the person' }) tasks!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Calls, meetings and notes on the person’s timeline' })
  activities!: Record<string, unknown>[];
  @ApiProperty({
    ...RECORDS,
    description: 'Documents: category, file name, type, size, upload time (no content)',
  })
  documents!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Insurers’ commission statement lines of the person’s policies' })
  commissionLines!: Record<string, unknown>[];
  @ApiProperty({ type: ReportAccessLogDto }) accessLog!: ReportAccessLogDto;
  @ApiProperty({ type: [TextDto], description: 'Recipients of the purposes that apply' })
  recipients!: TextDto[];
  @ApiProperty({ type: FlagTextDto }) transfers!: FlagTextDto;
  @ApiProperty({ type: FlagTextDto }) automatedDecisions!: FlagTextDto;
  @ApiProperty({ ...RECORDS, description: 'The person’s rights, each with its article' })
  rights!: Record<string, unknown>[];
  @ApiProperty({ type: 'object', additionalProperties: true }) supervisoryAuthority!: Record<string, unknown>;
}

class PortabilityControllerDto {
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty() email!: string;
}

class PortabilityIdentityDto {
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true }) pesel!: string | null;
}

class PortabilityContactDto {
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: AddressDto, nullable: true }) address!: AddressDto | null;
}

class PortabilitySubjectDto {
  @ApiProperty({ type: PortabilityIdentityDto }) identity!: PortabilityIdentityDto;
  @ApiProperty({ type: PortabilityContactDto }) contact!: PortabilityContactDto;
}

class PortabilityConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty() source!: string;
  @ApiProperty({ type: String, nullable: true }) noticeVersion!: string | null;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
}

class PortabilityMoneyDto {
  @ApiProperty({ type: 'integer', description: 'Minor units (grosze)' }) amount!: number;
  @ApiProperty({ example: 'PLN' }) currency!: string;
}

class NeedsAnalysisDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() lineOfBusiness!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [String] }) requiredCoverages!: string[];
  @ApiProperty({ type: PortabilityMoneyDto, nullable: true }) maxPremium!: PortabilityMoneyDto | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
}

/** Art. 20: what the person provided, machine-readable. */
export class PortabilityExportDto {
  @ApiProperty({ enum: ['consentry.portability/1'] }) schemaVersion!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: PortabilityControllerDto }) controller!: PortabilityControllerDto;
  @ApiProperty({ type: PortabilitySubjectDto }) subject!: PortabilitySubjectDto;
  @ApiProperty({ type: [PortabilityConsentDto] }) consents!: PortabilityConsentDto[];
  @ApiProperty({ type: [NeedsAnalysisDto] }) needsAnalyses!: NeedsAnalysisDto[];
  @ApiProperty({ ...RECORDS, description: 'Policies the person holds or is insured under' })
  policies!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Instalments of the person’s contracts' })
  instalments!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Claims on the person’s contracts, with their history' })
  claims!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Staff tasks about the person' }) tasks!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Calls, meetings and notes on the person’s timeline' })
  activities!: Record<string, unknown>[];
  @ApiProperty({
    ...RECORDS,
    description: 'Documents: category, file name, type, size, upload time (no content)',
  })
  documents!: Record<string, unknown>[];
  @ApiProperty({ ...RECORDS, description: 'Insurers’ commission statement lines of the person’s policies' })
  commissionLines!: Record<string, unknown>[];
}
