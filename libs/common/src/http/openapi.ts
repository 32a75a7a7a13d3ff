import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';

class FieldProblemDto {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ type: [String] })
  problems!: string[];
}

/**
 * The one error body (src/http/error.filter.ts): status, reason phrase, message and a stable code,
 * plus the details of the error that raised it (field names, an error id, a review id, ...).
 */
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable error code (libs/common errors)' })
  code!: string;

  @ApiPropertyOptional({ type: [String], description: 'Fields the refusal concerns' })
  fields?: string[];

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Per-field problems of invalid input' })
  errors?: FieldProblemDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Of an unexpected error (500): names it in the log' })
  errorId?: string;

  @ApiPropertyOptional({ type: 'integer', description: 'Of 429: seconds until a retry may succeed' })
  retryAfterSeconds?: number;
}

/** The schema of `Page<T>` for one item type: `{ items, nextCursor }`. */
export function pageSchema(item: Type<unknown>) {
  return {
    type: 'object' as const,
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array' as const, items: { $ref: getSchemaPath(item) } },
      nextCursor: {
        type: 'string' as const,
        nullable: true,
        description: 'Cursor of the next page; null on the last page',
      },
    },
  };
}

/** 200 with a page of `item` (every list of the API answers `{ items, nextCursor }`). */
export function ApiPageResponse(item: Type<unknown>, description?: string): MethodDecorator {
  return applyDecorators(ApiExtraModels(item), ApiOkResponse({ description, schema: pageSchema(item) }));
}
