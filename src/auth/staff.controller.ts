import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '@app/common/http/pagination';
import { Access } from '@app/privacy';
import { CreateStaffDto, ListStaffQueryDto, StaffResponseDto } from './staff.dto';
import { StaffService, StaffView } from './staff.service';

@ApiTags('staff')
@Controller('api/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Access({ roles: ['admin'] })
  @ApiCreatedResponse({ type: StaffResponseDto })
  create(@Body() body: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(body);
  }

  @Get()
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ description: 'A page of staff accounts' })
  list(@Query() query: ListStaffQueryDto): Promise<Page<StaffView>> {
    return this.staff.list(query.limit, query.cursor);
  }
}
