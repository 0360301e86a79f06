import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendConsole } from './console-reply';
import { ConsoleService } from './console.service';

const PREFIX = '/console/';

/** The path after "/console/" as the client sent it (still percent-encoded), without the query. */
function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return (end < 0 ? url : url.slice(0, end)).slice(PREFIX.length);
}

/** GET/HEAD /console and /console/*: the console's single-page app (see ConsoleService). */
@Controller('console')
export class ConsoleController {
  constructor(private readonly console: ConsoleService) {}

  @Get()
  index(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    sendConsole(reply, req.headers, this.console.lookup(''));
  }

  @Get('*')
  file(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    sendConsole(reply, req.headers, this.console.lookup(pathOf(req.url)));
  }
}
