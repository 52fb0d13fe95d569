import fc from 'fast-check';
import { demoMembers } from '../seeds/demo-members';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Schools share employers, never students. Random members of the demo network's organisations run
 * every query with random arguments (often another organisation's students), and the mutations
 * that take a student or internship aimed at another organisation's; no response, data or error, may contain a single
 * identifier or code of another organisation's students or internships.
 */

interface Secrets {
  /** Per organisation: the students and internships of every other organisation. */
  foreign: Map<string, { studentIds: string[]; internshipIds: string[] }>;
  /** Per organisation: the ids and codes of its students, and the ids of its internships. */
  byOrganisation: Map<string, string[]>;
  studentIds: string[];
  internshipIds: string[];
  placementIds: string[];
  employerIds: string[];
}

/** `foreign` holds only other organisations' students and internships: mutations aim there, so they must fail and change nothing. */
type Operation = (
  pick: (list: string[]) => string,
  foreign: { studentIds: string[]; internshipIds: string[] },
) => { query: string; variables?: Record<string, unknown> };

const STUDENT = `id code homePlace leftAt`;
const INTERNSHIP = `id studentId organisationId status endReason student { ${STUDENT} } placement { id title } outcome { destination } evaluations { id text }`;
const OCCUPANCY = `occupancy { organisationId organisationName coachName startDate endDate status }`;

function operations(s: Secrets): Array<[string, Operation]> {
  return [
    ['me', () => ({ query: `{ me { user { id } organisation { id name } memberships { organisation { id } role } } }` })],
    ['studentProfiles', () => ({ query: `{ studentProfiles(first: 100, filter: { includeLeft: true }) { totalCount edges { node { ${STUDENT} } } } }` })],
    ['studentProfile', (pick) => ({ query: `query ($id: ID!) { studentProfile(id: $id) { ${STUDENT} } }`, variables: { id: pick(s.studentIds) } })],
    ['internships', () => ({ query: `{ internships(first: 100) { totalCount edges { node { ${INTERNSHIP} } } } }` })],
    ['internship', (pick) => ({ query: `query ($id: ID!) { internship(id: $id) { ${INTERNSHIP} } }`, variables: { id: pick(s.internshipIds) } })],
    [
      'placement',
      (pick) => ({ query: `query ($id: ID!) { placement(id: $id) { id title freeSeats nextOpening ${OCCUPANCY} } }`, variables: { id: pick(s.placementIds) } }),
    ],
    ['placements', () => ({ query: `{ placements(first: 100) { edges { node { id ${OCCUPANCY} } } } }` })],
    [
      'employer',
      (pick) => ({
        query: `query ($id: ID!) { employer(id: $id) { id name sites { id placements { id ${OCCUPANCY} } } } }`,
        variables: { id: pick(s.employerIds) },
      }),
    ],
    [
      'matchPlacements',
      (pick) => ({
        query: `query ($id: ID!) { matchPlacements(studentId: $id, first: 5) { totalCount edges { node { placementId score } } } }`,
        variables: { id: pick(s.studentIds) },
      }),
    ],
    [
      'explainMatch',
      (pick) => ({
        query: `query ($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { excluded rank exclusions { limit } } }`,
        variables: { s: pick(s.studentIds), p: pick(s.placementIds) },
      }),
    ],
    [
      'matchStudents',
      (pick) => ({
        query: `query ($id: ID!) { matchStudents(placementId: $id, first: 50) { score student { ${STUDENT} } } }`,
        variables: { id: pick(s.placementIds) },
      }),
    ],
    ['exportStudentData', (pick) => ({ query: `query ($id: ID!) { exportStudentData(id: $id) }`, variables: { id: pick(s.studentIds) } })],
    ['auditLog', () => ({ query: `{ auditLog(first: 100) { entity entityId before after } }` })],
    [
      'placementStatistics',
      () => ({
        query: `{ placementStatistics(scope: { kind: NETWORK }, period: { from: "2020-01-01", to: "2024-12-31" }, groupBy: [SCHOOL_KIND, SECTOR]) { totals { started destinations { label count } } rows { started } followUp { students } } }`,
      }),
    ],
    ['searchPlacements', () => ({ query: `{ searchPlacements(query: "medewerker", first: 20) { edges { node { placement { id ${OCCUPANCY} } } } } }` })],
    [
      'updateStudentProfile',
      (pick, foreign) => ({
        query: `mutation ($id: ID!) { updateStudentProfile(id: $id, input: { maxTravelKm: 9 }) { ${STUDENT} } }`,
        variables: { id: pick(foreign.studentIds) },
      }),
    ],
    [
      'updateInternship',
      (pick, foreign) => ({
        query: `mutation ($id: ID!) { updateInternship(id: $id, input: { endDate: "2031-01-31" }) { ${INTERNSHIP} } }`,
        variables: { id: pick(foreign.internshipIds) },
      }),
    ],
    [
      'createInternship',
      (pick, foreign) => ({
        query: `mutation ($i: CreateInternshipInput!) { createInternship(input: $i) { ${INTERNSHIP} } }`,
        variables: { i: { studentId: pick(foreign.studentIds), placementId: pick(s.placementIds), startDate: '2031-01-01', endDate: '2031-01-31' } },
      }),
    ],
    ['eraseStudent', (pick, foreign) => ({ query: `mutation ($id: ID!) { eraseStudent(id: $id) }`, variables: { id: pick(foreign.studentIds) } })],
  ];
}

describe('isolation: no response ever carries another organisation’s student data', () => {
  let t: TestApp;
  let secrets: Secrets;
  let members: Array<{ label: string; organisationId: string; token: string }>;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    members = (await demoMembers(t.db)).map((m) => ({ ...m, token: t.tokens.sign({ sub: m.userId, org: m.organisationId }) }));
    const students: Array<{ id: string; code: string; organisation_id: string }> = await t.db.query(`SELECT id, code, organisation_id FROM student_profile`);
    const internships: Array<{ id: string; organisation_id: string }> = await t.db.query(`SELECT id, organisation_id FROM internship`);
    const byOrganisation = new Map<string, string[]>();
    const add = (org: string, ...values: string[]) => byOrganisation.set(org, [...(byOrganisation.get(org) ?? []), ...values]);
    for (const s of students) add(s.organisation_id, s.id, s.code);
    for (const i of internships) add(i.organisation_id, i.id);
    const foreign = new Map(
      members.map((m) => [
        m.organisationId,
        {
          studentIds: students.filter((x) => x.organisation_id !== m.organisationId).map((x) => x.id),
          internshipIds: internships.filter((x) => x.organisation_id !== m.organisationId).map((x) => x.id),
        },
      ]),
    );
    secrets = {
      foreign,
      byOrganisation,
      studentIds: students.map((s) => s.id),
      internshipIds: internships.map((i) => i.id),
      placementIds: (await t.db.query(`SELECT DISTINCT placement_id AS id FROM internship`)).map((r: { id: string }) => r.id),
      employerIds: (
        await t.db.query(`SELECT DISTINCT s.employer_id AS id FROM internship i JOIN placement p ON p.id = i.placement_id JOIN site s ON s.id = p.site_id`)
      ).map((r: { id: string }) => r.id),
    };
    expect(byOrganisation.size).toBeGreaterThanOrEqual(3); // several schools keep students
  });
  afterAll(() => t.close());

  it('holds for random members, operations and arguments', async () => {
    const ops = operations(secrets);
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: members.length - 1 }), fc.nat({ max: ops.length - 1 }), fc.infiniteStream(fc.nat()), async (m, o, picks) => {
        const member = members[m];
        const iterator = picks[Symbol.iterator]();
        const pick = (list: string[]) => list[iterator.next().value % list.length];
        const { query, variables } = ops[o][1](pick, secrets.foreign.get(member.organisationId)!);
        const result = await t.gql(query, variables, member.token);
        expect(result.status).not.toBe(500);
        const response = JSON.stringify(result);
        const asked = JSON.stringify(variables ?? {}); // an error may name the id the caller sent; that tells them nothing new
        for (const [organisation, values] of secrets.byOrganisation) {
          if (organisation === member.organisationId) continue;
          const leaked = values.find((value) => response.includes(value) && !asked.includes(value));
          if (leaked) throw new Error(`${member.label} ran ${ops[o][0]} and saw ${leaked} of organisation ${organisation}: ${response.slice(0, 500)}`);
        }
        if (result.data) answered++;
        if (query.startsWith('mutation')) expect(result.errors?.[0]?.extensions.code).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
      }),
      { numRuns: 300, seed: 20261125 },
    );
    expect(answered).toBeGreaterThan(50); // the property ran on real answers, not only on refusals
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM internship WHERE start_date = '2031-01-01'`);
    expect(count).toBe(0); // and the mutations aimed at other organisations wrote nothing
  });
});
