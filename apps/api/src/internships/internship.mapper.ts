import { InternshipEntity } from '@stagebank/persistence';
import { Internship } from './internship.types';

export const toInternship = (i: InternshipEntity): Internship => ({
  id: i.id,
  placementId: i.placementId,
  studentId: i.studentId,
  organisationId: i.organisationId,
  coachUserId: i.coachUserId,
  startDate: i.startDate,
  endDate: i.endDate,
  status: i.status,
  endReason: i.endReason,
  holdExpiresAt: i.holdExpiresAt,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});
