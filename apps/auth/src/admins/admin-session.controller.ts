import { Body, Controller, Delete, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { AdminSessionsService, AdminSignedIn, AdminWhoAmI } from './admin-sessions.service';
import { AdminSignInDto, AdminSignedInDto, AdminWhoAmIDto } from './admins.dto';

const digestOf = (req: AdminRequest): string | null => (req.user && 'sessionDigest' in req.user ? req.user.sessionDigest : null);

/** Admin sign-in: the answer's token is the admin's bearer token on auth, billing and the gateway admin port. */
@ApiTags('admins')
@Controller('admin/session')
export class AdminSessionController {
  constructor(private readonly sessions: AdminSessionsService) {}

  @Post()
  @ApiCreatedResponse({ type: AdminSignedInDto })
  @ApiUnauthorizedResponse({ description: 'Incorrect email or password (one answer for every failure).' })
  @ApiTooManyRequestsResponse({ description: 'Too many failures for this account or address; see Retry-After.' })
  signIn(@Body() body: AdminSignInDto, @Req() req: AdminRequest): Promise<AdminSignedIn> {
    return this.sessions.signIn(body, req.ip);
  }

  @Get()
  @ApiBearerAuth()
  @UseGuards(AdminGuard)
  @ApiOkResponse({ type: AdminWhoAmIDto })
  whoAmI(@Req() req: AdminRequest): Promise<AdminWhoAmI> {
    return this.sessions.whoAmI(actorOf(req), digestOf(req));
  }

  @Delete()
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(AdminGuard)
  @ApiNoContentResponse()
  async signOut(@Req() req: AdminRequest): Promise<void> {
    await this.sessions.signOut(digestOf(req));
  }
}
