import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { PageQueryDto } from '@app/common/http/pagination';
import { isValidEmail, normaliseEmail } from '@app/common/validation/contact';
import { IsNip } from '@app/common/validation/company-fields';
import { IsPlainText } from '@app/common/validation/plain-text';

@ValidatorConstraint({ name: 'dsrContactEmail' })
class EmailConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isValidEmail(value);
  }
  defaultMessage(): string {
    return 'dsrContactEmail must be a valid e-mail address';
  }
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateInsurerDto {
  @ApiProperty({ example: 'Towarzystwo Ubezpieczeń Przykład S.A.' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  name!: string;

  @ApiProperty({
    example: '5260251049',
    description: '10 digits (dashes and spaces ignored) with a valid check digit',
  })
  @IsNip()
  nip!: string;

  @ApiPropertyOptional({ example: '0000012345', description: 'KRS number, 10 digits' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^\d{10}$/, { message: 'krs must be 10 digits' })
  krs?: string;

  @ApiProperty({
    example: 'iod@insurer.example',
    description: 'Contact for data-subject requests about data the broker processes for this insurer',
  })
  @Transform(({ value }) => (typeof value === 'string' ? normaliseEmail(value) : value))
  @IsString()
  @MaxLength(254)
  @Validate(EmailConstraint)
  dsrContactEmail!: string;
}

export class ListInsurersQueryDto extends PageQueryDto {}

export class InsurerResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() nip!: string;
  @ApiProperty({ nullable: true, type: String }) krs!: string | null;
  @ApiProperty() dsrContactEmail!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
