import { StudentProfileEntity } from '@stagebank/persistence';
import { fromPoint } from '../common/geo.types';
import { StudentProfile } from './student.types';

export const toStudentProfile = (s: StudentProfileEntity): StudentProfile => ({
  id: s.id,
  organisationId: s.organisationId,
  code: s.code,
  homePostcode: s.homePostcode,
  homePlace: s.homePlace,
  homeLocation: fromPoint(s.homeLocation),
  travelMode: s.travelMode,
  maxTravelKm: s.maxTravelKm,
  maxTravelMinutes: s.maxTravelMinutes,
  sectorPreferences: s.sectorPreferences,
  interests: s.interests,
  supportNeed: s.supportNeed,
  constraints: s.constraints,
  certificates: s.certificates,
  qualifications: s.qualifications,
  exitProfile: s.exitProfile,
  finalYear: s.finalYear,
  targetCrebo: s.targetCrebo,
  targetWerkprocessen: s.targetWerkprocessen,
  availableDays: s.availableDays,
  availableFrom: s.availableFrom,
  leftAt: s.leftAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});
