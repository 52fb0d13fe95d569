// The demo users, apart from the seed itself (which loads faker and the gazetteer): the service asks
// for them at every start on the demo data, and must not load the seed to do so.
import { MembershipEntity } from '@stagebank/persistence';
import { DataSource, EntityManager } from 'typeorm';

export interface DemoMember {
  label: string;
  userId: string;
  organisationId: string;
}

/** Every demo user's membership, for printing ready-made tokens and for the sign-in screen. */
export async function demoMembers(db: DataSource | EntityManager): Promise<DemoMember[]> {
  const rows = await db
    .getRepository(MembershipEntity)
    .createQueryBuilder('m')
    .innerJoinAndSelect('m.user', 'u')
    .innerJoinAndSelect('m.organisation', 'o')
    .where(`u.email LIKE '%@demo.stagebank.nl'`)
    .orderBy('o.name')
    .addOrderBy('u.display_name')
    .getMany();
  return rows.map((m) => ({ label: `${m.user.displayName} — ${m.role} at ${m.organisation.name}`, userId: m.userId, organisationId: m.organisationId }));
}
