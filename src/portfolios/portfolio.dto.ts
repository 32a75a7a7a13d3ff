import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsPlainText } from '@app/common/validation/plain-text';

export class CreateTeamDto {
  @ApiProperty({ example: 'Białystok', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @IsPlainText()
  name!: string;
}

export class AddTeamMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;
}

export class TeamResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Staff ids of the members' })
  members!: string[];
}

export class TeamListResponseDto {
  @ApiProperty({ type: [TeamResponseDto] }) items!: TeamResponseDto[];
}

export class TransferClientDto {
  @ApiProperty({ format: 'uuid', description: 'The team whose portfolio takes the client' })
  @IsUUID()
  teamId!: string;

  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Klient przeprowadził się do Warszawy' })
  @IsString()
  @Length(3, 500)
  @IsPlainText()
  reason!: string;
}

export class TransferResponseDto {
  @ApiProperty({ format: 'uuid' }) transferId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) fromTeamId!: string | null;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty({ format: 'date-time' }) transferredAt!: string;
}

export class BreakGlassDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 500,
    description: 'Why the client must be opened outside the portfolio',
  })
  @IsString()
  @Length(3, 500)
  @IsPlainText()
  reason!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 480,
    default: 60,
    description: 'How long, in minutes',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(480)
  minutes?: number;
}

export class BreakGlassResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
