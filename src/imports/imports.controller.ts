import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PURPOSES, PrivacyScope, REGISTRY } from '@app/privacy';
import { CurrentScope } from '../auth';
import { csvTemplate } from './book-columns';
import { BookImportsService } from './book-imports.service';
import {
  CreateImportDto,
  IMPORT_BODY_LIMIT,
  ImportAcceptedDto,
  ImportResponseDto,
  TemplateQueryDto,
} from './imports.dto';

/** The purposes the registry lets bring a book in from a file; any other is refused at the door. */
const IMPORTING = PURPOSES.filter((p) => REGISTRY[p].bookImport === true);

@ApiTags('imports')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: BookImportsService) {}

  @Post()
  @HttpCode(202)
  @RouteConfig({ bodyLimit: IMPORT_BODY_LIMIT })
  @Access({ personalData: { resource: 'book_import', action: 'create' }, purposes: IMPORTING })
  @ApiOperation({
    summary: 'Import a book of clients and policies from CSV or XLSX, as a job (dryRun: check only)',
  })
  @ApiAcceptedResponse({ type: ImportAcceptedDto })
  submit(@CurrentScope() scope: PrivacyScope, @Body() body: CreateImportDto): Promise<{ id: string }> {
    return this.imports.submit(scope, body);
  }

  @Get('template')
  @Access({})
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="import-portfela.csv"')
  @ApiOperation({ summary: 'The empty import file: its header row' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'A CSV file with the header row only', schema: { type: 'string' } })
  template(@Query() _query: TemplateQueryDto): string {
    return csvTemplate();
  }

  @Get(':id')
  @Access({ personalData: { resource: 'book_import', action: 'read' }, purposes: IMPORTING })
  @ApiOperation({ summary: 'An import’s state, progress, counts and errors (only its author sees it)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ImportResponseDto })
  @ApiNotFoundResponse({ description: 'No such import, or not yours' })
  view(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ImportResponseDto> {
    return this.imports.view(scope, id);
  }
}
