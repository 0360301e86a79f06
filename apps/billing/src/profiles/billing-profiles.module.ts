import { Module } from '@nestjs/common';
import { BILLING_CONFIG, BillingConfig } from '../config';
import { DOCUMENT_ISSUER, loadIssuer } from './issuer';
import { BillingProfilesRepository } from './billing-profiles.repository';
import { BillingProfilesService } from './billing-profiles.service';

/** Who documents are from (the operator, configured) and to (the customer's billing details). */
@Module({
  providers: [
    BillingProfilesRepository,
    BillingProfilesService,
    { provide: DOCUMENT_ISSUER, useFactory: (config: BillingConfig) => loadIssuer(config), inject: [BILLING_CONFIG] },
  ],
  exports: [BillingProfilesService, DOCUMENT_ISSUER],
})
export class BillingProfilesModule {}
