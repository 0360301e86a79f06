import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { TierPrice } from '@tollgate/contracts';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { CreatePriceDto } from '../prices/prices.dto';
import { CreateTierDto, UpdateTierDto } from './tiers.dto';
import { TierView } from './tiers.repository';
import { TierDetail, TiersService } from './tiers.service';

@ApiTags('price-tiers')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/tiers')
export class TiersController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  async list(): Promise<{ data: TierView[] }> {
    return { data: await this.tiers.list() };
  }

  @Post()
  create(@Body() body: CreateTierDto, @Req() req: AdminRequest): Promise<TierView> {
    return this.tiers.create(body, actorOf(req));
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TierDetail> {
    return this.tiers.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTierDto, @Req() req: AdminRequest): Promise<TierView> {
    return this.tiers.update(id, body, actorOf(req));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', ParseUUIDPipe) id: string, @Req() req: AdminRequest): Promise<void> {
    await this.tiers.delete(id, actorOf(req));
  }

  /** A per-model sale price of this tier (effective-dated; beats the tier's markup for that model). */
  @Post(':id/prices')
  addPrice(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreatePriceDto, @Req() req: AdminRequest): Promise<TierPrice> {
    return this.tiers.addPrice(id, body, actorOf(req));
  }

  @Delete(':id/prices/:priceId')
  @HttpCode(204)
  async deletePrice(@Param('id', ParseUUIDPipe) id: string, @Param('priceId', ParseUUIDPipe) priceId: string, @Req() req: AdminRequest): Promise<void> {
    await this.tiers.deletePrice(id, priceId, actorOf(req));
  }
}
