import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Access, Public, purposesOfRole } from '@app/privacy';
import { AuthService } from './auth.service';
import { Acting, CurrentActor } from './current-principal.decorator';
import { LoginDto, LoginResponseDto, MeResponseDto } from './staff.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; retry later' })
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @Access({})
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentActor() actor: Acting): MeResponseDto {
    return { id: actor.staffId, email: actor.email, role: actor.role, purposes: purposesOfRole(actor.role) };
  }
}
