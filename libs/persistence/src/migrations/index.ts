import { Extensions1795609300000 } from './1795609300000-extensions';
import { Schema1795609366497 } from './1795609366497-schema';
import { MatchingWeights1795611150715 } from './1795611150715-matching-weights';
import { MatchingVersion1795612000000 } from './1795612000000-matching-version';
import { SearchOutbox1795620000000 } from './1795620000000-search-outbox';
import { ApiKeys1795621000000 } from './1795621000000-api-keys';
import { Audit1795622000000 } from './1795622000000-audit';
import { RowLevelSecurity1795623000000 } from './1795623000000-row-level-security';
import { Collaboration1795626000000 } from './1795626000000-collaboration';
import { Notifications1795627000000 } from './1795627000000-notifications';
import { Outcomes1795628000000 } from './1795628000000-outcomes';
import { EmployerDuplicates1795629000000 } from './1795629000000-employer-duplicates';
import { ChangeStream1795631000000 } from './1795631000000-change-stream';
import { ApiKeyStudentAccess1795632000000 } from './1795632000000-api-key-student-access';
import { JobState1795635000000 } from './1795635000000-job-state';
import { NotificationOrganisation1795636000000 } from './1795636000000-notification-organisation';
import { Qualifications1795641000000 } from './1795641000000-qualifications';
import { SubSectorTags1795641500000 } from './1795641500000-sub-sector-tags';
import { CohortPlans1795642000000 } from './1795642000000-cohort-plans';
import { HoldExpiry1795643000000 } from './1795643000000-hold-expiry';
import { ApproachOutcomes1795643100000 } from './1795643100000-approach-outcomes';
import { InternshipEndReminders1795644000000 } from './1795644000000-internship-end-reminders';
import { HostingInterest1795645000000 } from './1795645000000-hosting-interest';
import { EmployerLinks1795646000000 } from './1795646000000-employer-links';
import { StudentGroups1795650000000 } from './1795650000000-student-groups';
import { PlacementReservations1795651000000 } from './1795651000000-placement-reservations';
import { ChangeFeed1795652000000 } from './1795652000000-change-feed';
import { FlagVerification1795653000000 } from './1795653000000-flag-verification';
import { LinkRoundNotifications1795654000000 } from './1795654000000-link-round-notifications';
import { DuplicatesConsumer1795654500000 } from './1795654500000-duplicates-consumer';
import { SearchTables1795655000000 } from './1795655000000-search-tables';
import { StatisticsTables1795656000000 } from './1795656000000-statistics-tables';
import { StatisticsKnownStudents1795657000000 } from './1795657000000-statistics-known-students';
import { SearchWordPrefix1795657500000 } from './1795657500000-search-word-prefix';
import { StatisticsMonthStamps1795658000000 } from './1795658000000-statistics-month-stamps';
import { StatisticsOfferOfInternships1795659000000 } from './1795659000000-statistics-offer-of-internships';

/** In order; listed explicitly so the same list works from TypeScript sources and compiled output. */
export const MIGRATIONS = [
  Extensions1795609300000,
  Schema1795609366497,
  MatchingWeights1795611150715,
  MatchingVersion1795612000000,
  SearchOutbox1795620000000,
  ApiKeys1795621000000,
  Audit1795622000000,
  RowLevelSecurity1795623000000,
  Collaboration1795626000000,
  Notifications1795627000000,
  Outcomes1795628000000,
  EmployerDuplicates1795629000000,
  ChangeStream1795631000000,
  ApiKeyStudentAccess1795632000000,
  JobState1795635000000,
  NotificationOrganisation1795636000000,
  Qualifications1795641000000,
  SubSectorTags1795641500000,
  CohortPlans1795642000000,
  HoldExpiry1795643000000,
  ApproachOutcomes1795643100000,
  InternshipEndReminders1795644000000,
  HostingInterest1795645000000,
  EmployerLinks1795646000000,
  StudentGroups1795650000000,
  PlacementReservations1795651000000,
  ChangeFeed1795652000000,
  FlagVerification1795653000000,
  LinkRoundNotifications1795654000000,
  DuplicatesConsumer1795654500000,
  SearchTables1795655000000,
  StatisticsTables1795656000000,
  StatisticsKnownStudents1795657000000,
  SearchWordPrefix1795657500000,
  StatisticsMonthStamps1795658000000,
  StatisticsOfferOfInternships1795659000000,
];
