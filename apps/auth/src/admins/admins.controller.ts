import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { AdminCredentialsDto, AdminDto, AdminListDto } from './admins.dto';
import { AdminsService, AdminView } from './admins.service';

/** The people who run this Tollgate. The bootstrap ADMIN_TOKEN creates the first; admins add the rest. */
@ApiTags('admins')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/admins')
export class AdminsController {
  constructor(private readonly admins: AdminsService) {}

  @Post()
  @ApiCreatedResponse({ type: AdminDto })
  @ApiConflictResponse({ description: 'email_taken: an active admin has this email' })
  create(@Body() body: AdminCredentialsDto, @Req() req: AdminRequest): Promise<AdminView> {
    return this.admins.create(body, actorOf(req));
  }

  @Get()
  @ApiOkResponse({ type: AdminListDto })
  list(): Promise<{ data: AdminView[] }> {
    return this.admins.list();
  }

  /** Removes the admin and ends their sessions everywhere; 409 `last_admin` for the last one. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'last_admin: the last admin cannot be removed' })
  async remove(@Param('id', ParseUUIDPipe) id: string, @Req() req: AdminRequest): Promise<void> {
    await this.admins.remove(id, actorOf(req));
  }
}
