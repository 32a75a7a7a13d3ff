import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequestContext } from '@app/common/context/request-context';
import { Access, Public, purposesOfRole } from '@app/privacy';
import { Acting, CurrentActor } from './current-principal.decorator';
import { AllowedBeforePasswordChange } from './password-change.decorator';
import { SessionsService } from './sessions.service';
import {
  ChangePasswordDto,
  LoginDto,
  LoginResponseDto,
  LogoutDto,
  MeResponseDto,
  RefreshDto,
} from './staff.dto';

function clientAddress(): string {
  return RequestContext.current()?.ip ?? 'unknown';
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (INVALID_CREDENTIALS)' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed sign-ins for this account or from this address (TOO_MANY_REQUESTS, with retryAfterSeconds)',
  })
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.sessions.login(body.email, body.password, clientAddress());
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair' })
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'A new pair; the refresh token presented stops working',
  })
  @ApiUnauthorizedResponse({
    description:
      'Unknown or expired token (INVALID_REFRESH_TOKEN); a token already used (REFRESH_TOKEN_REUSED: its whole session ends); a session that ended (SESSION_REVOKED)',
  })
  refresh(@Body() body: RefreshDto): Promise<LoginResponseDto> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Access({})
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Sign out of this session or of every session' })
  @ApiNoContentResponse({
    description: 'The session (or, with everywhere, every session) has ended: its tokens are refused at once',
  })
  async logout(@CurrentActor() actor: Acting, @Body() body: LogoutDto): Promise<void> {
    await this.sessions.logout(actor, body?.everywhere === true);
  }

  @Post('password')
  @HttpCode(204)
  @Access({})
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'Change your own password' })
  @ApiNoContentResponse({
    description: 'Changed; every session of the account has ended, this one included: sign in again',
  })
  @ApiBadRequestResponse({
    description:
      'The new password breaks the policy (PASSWORD_TOO_WEAK) or equals the current one (PASSWORD_UNCHANGED)',
  })
  @ApiForbiddenResponse({ description: 'The current password is wrong (CURRENT_PASSWORD_WRONG)' })
  @ApiTooManyRequestsResponse({
    description: 'Too many wrong current passwords (the account’s login budget)',
  })
  async changePassword(@CurrentActor() actor: Acting, @Body() body: ChangePasswordDto): Promise<void> {
    await this.sessions.changePassword(actor, body.currentPassword, body.newPassword, clientAddress());
  }

  @Get('me')
  @Access({})
  @AllowedBeforePasswordChange()
  @ApiOperation({ summary: 'The signed-in account, its role and purposes' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentActor() actor: Acting): MeResponseDto {
    return {
      id: actor.staffId,
      email: actor.email,
      role: actor.role,
      purposes: purposesOfRole(actor.role),
      passwordChangeRequired: actor.passwordChangeRequired,
    };
  }
}
