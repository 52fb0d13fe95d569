import { ContactPersonEntity, EmployerApproachEntity, EmployerNoteEntity, ExperienceEntity } from './collaboration.entity';
import { EmployerLinkEntity, EmployerLinkRoundEntity } from './employer-link.entity';
import { EmployerEntity, EmployerHostingInterestEntity, SiteEntity, SupervisorEntity } from './employer.entity';
import { MatchingWeightsEntity } from './matching-weights.entity';
import { ApiKeyEntity, MembershipEntity, OrganisationEntity, UserEntity } from './organisation.entity';
import { NotificationEntity, WatchEntity, WebhookDeliveryEntity, WebhookEntity } from './notification.entity';
import { CertificateAwardEntity, FollowUpEntity, InternshipEvaluationEntity, InternshipOutcomeEntity, PraktijkverklaringEntity } from './outcome.entity';
import { PlacementEntity } from './placement.entity';
import { CohortPlanEntity, CohortPlanEntryEntity, StudentGroupEntity, StudentGroupMemberEntity } from './planning.entity';
import { BorisFlagEntity, RecognitionEntity } from './recognition.entity';
import { InternshipEntity, SeatClaimEntity, StudentProfileEntity } from './student.entity';

export * from './collaboration.entity';
export * from './employer.entity';
export * from './employer-link.entity';
export * from './matching-weights.entity';
export * from './organisation.entity';
export * from './notification.entity';
export * from './outcome.entity';
export * from './placement.entity';
export * from './planning.entity';
export * from './recognition.entity';
export * from './student.entity';

export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  MembershipEntity,
  EmployerEntity,
  SiteEntity,
  SupervisorEntity,
  EmployerHostingInterestEntity,
  EmployerLinkRoundEntity,
  EmployerLinkEntity,
  PlacementEntity,
  RecognitionEntity,
  BorisFlagEntity,
  StudentProfileEntity,
  InternshipEntity,
  MatchingWeightsEntity,
  ApiKeyEntity,
  SeatClaimEntity,
  ContactPersonEntity,
  EmployerNoteEntity,
  ExperienceEntity,
  EmployerApproachEntity,
  WebhookEntity,
  WatchEntity,
  NotificationEntity,
  WebhookDeliveryEntity,
  InternshipEvaluationEntity,
  InternshipOutcomeEntity,
  PraktijkverklaringEntity,
  CertificateAwardEntity,
  FollowUpEntity,
  CohortPlanEntity,
  CohortPlanEntryEntity,
  StudentGroupEntity,
  StudentGroupMemberEntity,
];
