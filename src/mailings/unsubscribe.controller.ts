import { Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/privacy';
import { InvalidUnsubscribeLinkError } from './mailings.errors';
import { pageLanguage, unsubscribeDone, unsubscribeForm, unsubscribeInvalid } from './unsubscribe-page';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * Personal unsubscribe links (no sign-in: the signed token is the authority). GET only shows a
 * page with a button, so link scanners withdraw nothing; POST (the button, or a mail client's
 * RFC 8058 one-click request) withdraws.
 */
@ApiTags('unsubscribe')
@Controller('api/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  @Get()
  @ApiOperation({ summary: 'The unsubscribe page of a personal link' })
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiQuery({ name: 'token', required: true })
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['pl', 'en'],
    description: 'The page language (default pl)',
  })
  @ApiOkResponse({
    description: 'A page with a button that withdraws the consent',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    description: 'Invalid link: a page saying so',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  page(
    @Query('token') token: string,
    @Query('lang') lang: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const language = pageLanguage(lang);
    try {
      return unsubscribeForm(this.unsubscribe.check(token), token, language);
    } catch (error) {
      if (!(error instanceof InvalidUnsubscribeLinkError)) throw error;
      void reply.status(400);
      return unsubscribeInvalid(language);
    }
  }

  @Post()
  @ApiOperation({ summary: 'Withdraw the marketing consent of a personal link' })
  @Public()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiQuery({ name: 'token', required: true })
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['pl', 'en'],
    description: 'The page language (default pl)',
  })
  @ApiOkResponse({
    description: 'Consent withdrawn (or already withdrawn); RFC 8058 one-click',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    description: 'Invalid link: a page saying so',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async withdraw(
    @Query('token') token: string,
    @Query('lang') lang: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const language = pageLanguage(lang);
    try {
      const { claim } = await this.unsubscribe.unsubscribe(token);
      return unsubscribeDone(claim, language);
    } catch (error) {
      if (!(error instanceof InvalidUnsubscribeLinkError)) throw error;
      void reply.status(400);
      return unsubscribeInvalid(language);
    }
  }
}
