import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, IsUUID, Length } from 'class-validator';
import { trimString } from '@app/common/validation/person-fields';
import { IsPlainText } from '@app/common/validation/plain-text';
import { ClientResponseDto } from './client.dto';

export class AddRepresentativeDto {
  @ApiProperty({ format: 'uuid', description: 'A client of kind person' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ example: 'prezes zarządu', description: 'The function held, e.g. "pełnomocnik"' })
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  @IsPlainText()
  role!: string;
}

/** A representative as it leaves under a purpose; listed only when the person is visible under it. */
export class RepresentativeResponseDto {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ description: 'Present only when the purpose may read it' }) role?: string;
  @ApiProperty({ type: ClientResponseDto, description: 'The person, projected to the purpose' })
  person!: ClientResponseDto;
}

export class RepresentativeListResponseDto {
  @ApiProperty({ type: [RepresentativeResponseDto] }) items!: RepresentativeResponseDto[];
}

export class CreateHouseholdDto {
  @ApiProperty({ example: 'Kowalscy' })
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  @IsPlainText()
  name!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Clients of kind person, at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds!: string[];
}

export class AddHouseholdMemberDto {
  @ApiProperty({ format: 'uuid', description: 'A client of kind person' })
  @IsUUID()
  clientId!: string;
}

/** A household as it leaves under a purpose: members the purpose may not see are named by id only. */
export class HouseholdResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The team whose portfolio holds the household' })
  teamId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) memberIds!: string[];
  @ApiPropertyOptional({ description: 'Present only when the purpose may read it' }) name?: string;
  @ApiProperty({ type: [ClientResponseDto], description: 'The members visible under the purpose, projected' })
  members!: ClientResponseDto[];
}

/** The household a client belongs to; null when none, or none the purpose may see. */
export class ClientHouseholdResponseDto {
  @ApiProperty({ type: HouseholdResponseDto, nullable: true })
  household!: HouseholdResponseDto | null;
}
