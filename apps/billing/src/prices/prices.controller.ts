import { Body, Controller, Get, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Price } from '@tollgate/contracts';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { CreatePriceDto } from './prices.dto';
import { PricesService } from './prices.service';

@ApiTags('prices')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/prices')
export class PricesController {
  constructor(private readonly prices: PricesService) {}

  @Get()
  async list(): Promise<{ data: Price[] }> {
    return { data: await this.prices.all() };
  }

  @Post()
  create(@Body() body: CreatePriceDto, @Req() req: AdminRequest): Promise<Price> {
    return this.prices.create(body, actorOf(req));
  }
}
