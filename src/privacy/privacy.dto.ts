import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Lang } from './privacy-documents.service';

export class NoticeQueryDto {
  @ApiPropertyOptional({ enum: ['pl', 'en'], default: 'pl' })
  @IsOptional()
  @IsIn(['pl', 'en'])
  lang?: Lang;
}
