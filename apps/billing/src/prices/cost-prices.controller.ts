import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { actorOf, AdminGuard, AdminRequest } from '@tollgate/server';
import { AcceptCostPriceDto, CreateCostPriceDto, ListCostPricesQuery } from './cost-prices.dto';
import { CostPriceView } from './cost-prices.repository';
import { CostPricesService } from './cost-prices.service';

/** Upstream cost prices (what providers charge): the margin report's cost side and the base of markup tiers. */
@ApiTags('cost-prices')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin/cost-prices')
export class CostPricesController {
  constructor(private readonly costs: CostPricesService) {}

  @Get()
  async list(@Query() query: ListCostPricesQuery): Promise<{ data: CostPriceView[] }> {
    return { data: await this.costs.list(query.status) };
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CostPriceView> {
    return this.costs.get(id);
  }

  /** An admin's own cost price: accepted at once, from effectiveFrom (default now). */
  @Post()
  create(@Body() body: CreateCostPriceDto, @Req() req: AdminRequest): Promise<CostPriceView> {
    return this.costs.create(body, actorOf(req));
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@Param('id', ParseUUIDPipe) id: string, @Body() body: AcceptCostPriceDto, @Req() req: AdminRequest): Promise<CostPriceView> {
    return this.costs.accept(id, body, actorOf(req));
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id', ParseUUIDPipe) id: string, @Req() req: AdminRequest): Promise<CostPriceView> {
    return this.costs.reject(id, actorOf(req));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', ParseUUIDPipe) id: string, @Req() req: AdminRequest): Promise<void> {
    await this.costs.delete(id, actorOf(req));
  }
}
