import { registerEnumType } from '@nestjs/graphql';
import * as domain from '@stagebank/domain';

/** Every domain enum is a GraphQL enum of the same name, so unknown values are rejected before any resolver runs. */
const ENUMS: Record<string, object> = {
  OrganisationKind: domain.OrganisationKind,
  MembershipRole: domain.MembershipRole,
  LabourMarketRegion: domain.LabourMarketRegion,
  EmployerKind: domain.EmployerKind,
  SizeClass: domain.SizeClass,
  EmployerStatus: domain.EmployerStatus,
  PlacementType: domain.PlacementType,
  Audience: domain.Audience,
  SupportLevel: domain.SupportLevel,
  SupervisorRole: domain.SupervisorRole,
  Demand: domain.Demand,
  PaidJobChance: domain.PaidJobChance,
  Weekday: domain.Weekday,
  Certificate: domain.Certificate,
  InternshipStatus: domain.InternshipStatus,
  TravelMode: domain.TravelMode,
  StudentConstraint: domain.StudentConstraint,
  ExitProfile: domain.ExitProfile,
  Sector: domain.Sector,
  SubSector: domain.SubSector,
  ApiKeyScope: domain.ApiKeyScope,
  ApproachOutcome: domain.ApproachOutcome,
  HostingInterest: domain.HostingInterest,
  NotHostingReason: domain.NotHostingReason,
};

for (const [name, enumRef] of Object.entries(ENUMS)) registerEnumType(enumRef, { name });
