import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from '../auth';
import { CreateInsurerDto, InsurerResponseDto, ListInsurersQueryDto } from './insurer.dto';
import { InsurerView, InsurersService } from './insurers.service';

/** Insurers are businesses, not data subjects: no purpose is needed to read their register. */
@ApiTags('insurers')
@Controller('api/insurers')
export class InsurersController {
  constructor(private readonly insurers: InsurersService) {}

  @Post()
  @ApiOperation({ summary: 'Register an insurer' })
  @Access({ roles: ['admin'] })
  @ApiCreatedResponse({ type: InsurerResponseDto })
  @ApiConflictResponse({ description: 'An insurer with this NIP exists' })
  create(@CurrentScope() scope: PrivacyScope, @Body() body: CreateInsurerDto): Promise<InsurerView> {
    return this.insurers.create(body, scope.staffMember);
  }

  @Get()
  @ApiOperation({ summary: 'List insurers' })
  @Access({})
  @ApiPageResponse(InsurerResponseDto, 'A page of insurers, by name')
  list(@Query() query: ListInsurersQueryDto): Promise<Page<InsurerView>> {
    return this.insurers.list(query.limit, query.cursor);
  }
}
