import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ValidationFailedError } from '@app/common/errors/domain-error';
import { ApiPageResponse } from '@app/common/http/openapi';
import { Page } from '@app/common/http/pagination';
import { Access, PrivacyScope } from '@app/privacy';
import { CurrentScope } from './current-principal.decorator';
import { StaffLifecycleService } from './staff-lifecycle.service';
import {
  CreateStaffDto,
  ListStaffQueryDto,
  PasswordResetResponseDto,
  StaffResponseDto,
  UpdateStaffDto,
} from './staff.dto';
import { StaffService, StaffView } from './staff.service';

const ENDS_SESSIONS =
  'Every session of the account ends at once: its holder’s next request answers 401 SESSION_REVOKED.';

@ApiTags('staff')
@Controller('api/staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly lifecycle: StaffLifecycleService,
  ) {}

  @Post()
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: StaffResponseDto })
  @ApiBadRequestResponse({
    description: 'Invalid input, or a password the policy refuses (PASSWORD_TOO_WEAK)',
  })
  @ApiConflictResponse({ description: 'The e-mail is taken (STAFF_EMAIL_TAKEN)' })
  create(@Body() body: CreateStaffDto): Promise<StaffView> {
    return this.lifecycle.create(body);
  }

  @Get()
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'List staff accounts' })
  @ApiPageResponse(StaffResponseDto, 'A page of staff accounts')
  list(@Query() query: ListStaffQueryDto): Promise<Page<StaffView>> {
    return this.staff.list(query.limit, query.cursor);
  }

  @Patch(':id')
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Rename a staff member or change their role' })
  @ApiOkResponse({
    type: StaffResponseDto,
    description: `Renamed, or given a new role. A new role: ${ENDS_SESSIONS}`,
  })
  @ApiNotFoundResponse({ description: 'No such staff member' })
  @ApiConflictResponse({ description: 'The last active administrator would lose the role (LAST_ADMIN)' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateStaffDto): Promise<StaffView> {
    if (body.fullName === undefined && body.role === undefined) {
      throw new ValidationFailedError('Give fullName or role', { fields: ['fullName', 'role'] });
    }
    return this.lifecycle.update(id, { fullName: body.fullName, role: body.role });
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Deactivate a staff account' })
  @ApiOkResponse({
    type: StaffResponseDto,
    description: `Deactivated: the account can no longer sign in. ${ENDS_SESSIONS}`,
  })
  @ApiNotFoundResponse({ description: 'No such staff member' })
  @ApiConflictResponse({
    description:
      'The caller’s own account (CANNOT_DEACTIVATE_SELF) or the last active administrator (LAST_ADMIN)',
  })
  deactivate(
    @CurrentScope() scope: PrivacyScope,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<StaffView> {
    return this.lifecycle.deactivate(scope.staffMember, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Reactivate a staff account' })
  @ApiOkResponse({
    type: StaffResponseDto,
    description: 'Active again: the account may sign in with its password',
  })
  @ApiNotFoundResponse({ description: 'No such staff member' })
  reactivate(@Param('id', new ParseUUIDPipe()) id: string): Promise<StaffView> {
    return this.lifecycle.reactivate(id);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @Access({ roles: ['admin'] })
  @ApiOperation({ summary: 'Reset a staff member’s password to a temporary one' })
  @ApiOkResponse({
    type: PasswordResetResponseDto,
    description:
      'A one-time temporary password, returned only here. ' +
      ENDS_SESSIONS +
      ' Signing in with the temporary password answers passwordChangeRequired: true, and that token may only change the password ' +
      '(POST /api/auth/password), read GET /api/auth/me or sign out; anything else answers 403 PASSWORD_CHANGE_REQUIRED.',
  })
  @ApiNotFoundResponse({ description: 'No such staff member' })
  async resetPassword(@Param('id', new ParseUUIDPipe()) id: string): Promise<PasswordResetResponseDto> {
    const { temporaryPassword } = await this.lifecycle.resetPassword(id);
    return { temporaryPassword, passwordChangeRequired: true };
  }
}
