import { SUPPORT_RANK, SupportLevel } from '@stagebank/domain';
import { EmployerEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { fromPoint } from '../common/geo.types';
import { Employer, Site, SupervisionCapacity, Supervisor, flagVerification } from './employer.types';

export const toEmployer = (e: EmployerEntity): Employer => ({
  id: e.id,
  kvkNumber: e.kvkNumber,
  name: e.name,
  kind: e.kind,
  sizeClass: e.sizeClass,
  sectors: e.sectors,
  tags: e.tags,
  description: e.description,
  website: e.website,
  status: e.status,
  statusReason: e.statusReason,
  pausedUntil: e.pausedUntil,
  lastVerifiedAt: e.lastVerifiedAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export const toSite = (s: SiteEntity): Site => ({
  id: s.id,
  employerId: s.employerId,
  name: s.name,
  street: s.street,
  houseNumber: s.houseNumber,
  postcode: s.postcode,
  place: s.place,
  region: s.region,
  location: fromPoint(s.location),
  wheelchairAccessible: s.wheelchairAccessible,
  wheelchairAccess: flagVerification(s.wheelchairVerifiedAt, s.wheelchairVerifiedByUserId),
});

export const toSupervisor = (s: SupervisorEntity): Supervisor => ({
  id: s.id,
  name: s.name,
  role: s.role,
  trained: s.trained,
  training: s.training,
  trainingVerification: flagVerification(s.trainingVerifiedAt, s.trainingVerifiedByUserId),
  maxStudents: s.maxStudents,
  intensity: s.intensity,
});

export function capacityOf(supervisors: SupervisorEntity[]): SupervisionCapacity {
  const highest = supervisors.reduce<SupportLevel | null>(
    (best, s) => (best === null || SUPPORT_RANK[s.intensity] > SUPPORT_RANK[best] ? s.intensity : best),
    null,
  );
  return {
    maxStudents: supervisors.reduce((sum, s) => sum + s.maxStudents, 0),
    trainedSupervisors: supervisors.filter((s) => s.trained).length,
    highestIntensity: highest,
  };
}
