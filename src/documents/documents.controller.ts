import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Page } from '@app/common/http/pagination';
import { Access, PURPOSES, PrivacyScope, documentCategoriesFor } from '@app/privacy';
import { CurrentScope } from '../auth';
import {
  DocumentPageDto,
  DocumentResponseDto,
  ListDocumentsQueryDto,
  UPLOAD_BODY_SCHEMA,
} from './document.dto';
import { NotMultipartError } from './documents.errors';
import { DocumentView, DocumentsService } from './documents.service';

/** The purposes that read documents of some category, and those that upload some; others are refused at the door. */
const READING = PURPOSES.filter((p) => documentCategoriesFor(p, 'read').length > 0);
const UPLOADING = PURPOSES.filter((p) => documentCategoriesFor(p, 'upload').length > 0);

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('api/documents')
  @Access({ personalData: { resource: 'document', action: 'create' }, purposes: UPLOADING })
  @ApiOperation({
    summary: 'Upload a document of a client (multipart: the fields first, then the file)',
    description:
      'The category decides which purposes may upload and read it (GET /api/privacy/purposes). PDF, JPEG or PNG; ' +
      'the content must match the declared type. The SHA-256 of the content is stored and returned.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiCreatedResponse({ type: DocumentResponseDto })
  @ApiNotFoundResponse({ description: 'No such client or contract, or not visible under this purpose' })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE: the file is larger than DOCUMENTS_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({
    description:
      'CONTENT_TYPE_NOT_ALLOWED (not PDF, JPEG or PNG), CONTENT_TYPE_MISMATCH (content not of that type)',
  })
  upload(@CurrentScope() scope: PrivacyScope, @Req() request: FastifyRequest): Promise<DocumentView> {
    if (!request.isMultipart()) throw new NotMultipartError();
    return this.documents.upload(scope, request.parts());
  }

  @Get('api/documents/:id')
  @Access({ personalData: { resource: 'document', action: 'read' }, purposes: READING })
  @ApiOperation({ summary: 'A document’s description' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DocumentResponseDto })
  @ApiNotFoundResponse({
    description: 'No such document, or its category or client not visible under this purpose',
  })
  read(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<DocumentView> {
    return this.documents.read(scope, id);
  }

  @Get('api/documents/:id/content')
  @Access({ personalData: { resource: 'document_content', action: 'read' }, purposes: READING })
  @ApiOperation({ summary: 'Download a document’s file' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({
    description: 'The file as uploaded; `x-checksum-sha256` carries its SHA-256',
    content: {
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
      'image/png': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiNotFoundResponse({
    description: 'No such document, or its category or client not visible under this purpose',
  })
  async content(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.documents.download(scope, id);
    await reply
      .header('content-type', file.contentType)
      .header('content-length', String(file.size))
      .header(
        'content-disposition',
        `attachment; filename="${asciiName(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-checksum-sha256', file.checksum)
      .header('cache-control', 'no-store')
      .send(file.stream);
  }

  @Get('api/clients/:id/documents')
  @Access({ personalData: { resource: 'document', action: 'list' }, purposes: READING })
  @ApiOperation({ summary: 'The client’s documents of the categories this purpose reads, newest first' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DocumentPageDto })
  @ApiNotFoundResponse({ description: 'No such client, or not visible under this purpose' })
  list(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListDocumentsQueryDto,
  ): Promise<Page<DocumentView>> {
    return this.documents.listOfClient(scope, id, query);
  }
}

/** The file's name for the plain `filename` parameter: ASCII without quotes (the UTF-8 one is exact). */
function asciiName(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'dokument'
  );
}
