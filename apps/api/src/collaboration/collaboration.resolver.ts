import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ContactPersonEntity, EmployerApproachEntity, EmployerNoteEntity, ExperienceEntity } from '@stagebank/persistence';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { StagebankError } from '../common/stagebank.error';
import { Loaders } from '../graphql/loaders';
import { Employer } from '../employers/employer.types';
import { experienceSummaries } from './collaboration.loaders';
import { CollaborationService } from './collaboration.service';
import {
  Author,
  ContactPerson,
  ContactPersonInput,
  ApproachOutcomeInput,
  ApproachSignals,
  EmployerApproach,
  EmployerApproachInput,
  EmployerApproachResult,
  EmployerNote,
  Experience,
  ExperienceInput,
  ExperienceSummary,
  UpdateContactPersonInput,
} from './collaboration.types';

type Authored = { organisationId: string; userId: string | null };

async function authorOf(loaders: Loaders, row: Authored): Promise<Author> {
  const [organisation, user] = await Promise.all([loaders.organisation.load(row.organisationId), row.userId ? loaders.user.load(row.userId) : null]);
  return { organisationId: row.organisationId, organisationName: organisation?.name ?? '', userId: row.userId, userName: user?.displayName ?? null };
}

const toContact = (c: ContactPersonEntity): ContactPerson => ({
  id: c.id,
  employerId: c.employerId,
  siteId: c.siteId,
  name: c.name,
  role: c.role,
  phone: c.phone,
  email: c.email,
  updatedAt: c.updatedAt,
});

const toNote = async (n: EmployerNoteEntity, loaders: Loaders): Promise<EmployerNote> => ({
  id: n.id,
  employerId: n.employerId,
  text: n.text,
  createdAt: n.createdAt,
  author: await authorOf(loaders, n),
});

/** The internship an experience is about is the recording organisation's business only. */
const toExperience = async (e: ExperienceEntity, viewer: Viewer, loaders: Loaders): Promise<Experience> => ({
  id: e.id,
  employerId: e.employerId,
  internshipId: e.organisationId === viewer.organisationId ? e.internshipId : null,
  supervisionQuality: e.supervisionQuality,
  audienceFit: e.audienceFit,
  wouldPlaceAgain: e.wouldPlaceAgain,
  text: e.text,
  createdAt: e.createdAt,
  author: await authorOf(loaders, e),
});

const toApproach = async (a: EmployerApproachEntity, loaders: Loaders): Promise<EmployerApproach> => ({
  id: a.id,
  employerId: a.employerId,
  purpose: a.purpose,
  since: a.since,
  until: a.until,
  endedAt: a.endedAt,
  outcome: a.outcome,
  busyUntil: a.busyUntil,
  outcomeNote: a.outcomeNote,
  author: await authorOf(loaders, a),
});

/** Contact persons, notes, experiences and approaches: mutations, and the fields they add to Employer. */
@Resolver(() => Employer)
export class CollaborationResolver {
  constructor(private readonly service: CollaborationService) {}

  @Mutation(() => ContactPerson, { description: 'Adds a contact person; a phone number or an e-mail address is required.' })
  async addContactPerson(
    @CurrentViewer() viewer: Viewer,
    @IdArg('employerId') employerId: string,
    @Args('input') input: ContactPersonInput,
  ): Promise<ContactPerson> {
    return toContact(await this.service.addContact(viewer, employerId, input));
  }

  @Mutation(() => ContactPerson)
  async updateContactPerson(@CurrentViewer() viewer: Viewer, @IdArg() id: string, @Args('input') input: UpdateContactPersonInput): Promise<ContactPerson> {
    return toContact(await this.service.updateContact(viewer, id, input));
  }

  @Mutation(() => Boolean)
  removeContactPerson(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.service.removeContact(viewer, id);
  }

  @Mutation(() => EmployerNote, { description: 'A note every member of the network can read: about the employer, never naming a student.' })
  async addEmployerNote(
    @CurrentViewer() viewer: Viewer,
    @IdArg('employerId') employerId: string,
    @Args('text') text: string,
    @Context('loaders') loaders: Loaders,
  ): Promise<EmployerNote> {
    return toNote(await this.service.addNote(viewer, employerId, text), loaders);
  }

  @Mutation(() => Boolean, { description: 'Removes a note your organisation wrote.' })
  removeEmployerNote(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<boolean> {
    return this.service.removeNote(viewer, id);
  }

  @Mutation(() => Experience, { description: 'Records how placing a student with this employer went; it counts in matching from then on.' })
  async recordExperience(@CurrentViewer() viewer: Viewer, @Args('input') input: ExperienceInput, @Context('loaders') loaders: Loaders): Promise<Experience> {
    return toExperience(await this.service.recordExperience(viewer, input), viewer, loaders);
  }

  @Mutation(() => EmployerApproachResult, {
    description: 'Announces that you are approaching this employer; warns with ALREADY_IN_CONTACT when another coach already is.',
  })
  async startEmployerApproach(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: EmployerApproachInput,
    @Context('loaders') loaders: Loaders,
  ): Promise<EmployerApproachResult> {
    const { approach, warnings } = await this.service.startApproach(viewer, input);
    return {
      approach: await toApproach(approach, loaders),
      warnings: await Promise.all(warnings.map(async (w) => ({ ...w, approach: w.approach && (await toApproach(w.approach, loaders)) }))),
    };
  }

  @Mutation(() => EmployerApproach, { description: 'You are done with the employer before `until`.' })
  async endEmployerApproach(
    @CurrentViewer() viewer: Viewer,
    @IdArg() id: string,
    @Context('loaders') loaders: Loaders,
    @Args('outcome', { type: () => ApproachOutcomeInput, nullable: true, description: "How it ended; feeds the employer's approachSignals." })
    outcome?: ApproachOutcomeInput,
  ): Promise<EmployerApproach> {
    return toApproach(await this.service.endApproach(viewer, id, outcome ?? undefined), loaders);
  }

  @Mutation(() => ApproachSignals, {
    description: "Records the employer's own cap on approaches a month (null: none); approaching beyond it warns APPROACH_CAP_EXCEEDED.",
  })
  async setEmployerApproachCap(
    @CurrentViewer() viewer: Viewer,
    @Args('employerId', { type: () => ID }) employerId: string,
    @Args('perMonth', { type: () => Int, nullable: true, description: '1–100.' }) perMonth: number | null,
  ): Promise<ApproachSignals> {
    if (perMonth !== null && perMonth !== undefined && (perMonth < 1 || perMonth > 100))
      throw StagebankError.badInput('perMonth', 'must be 1–100, or null for no cap');
    await this.service.setApproachCap(viewer, employerId, perMonth ?? null);
    return this.service.approachSignals(employerId);
  }

  @ResolveField(() => ApproachSignals, { description: "What coaches' approaches say: unanswered ones, a pause proposal, the employer's monthly cap." })
  approachSignals(@Parent() employer: Employer): Promise<ApproachSignals> {
    return this.service.approachSignals(employer.id);
  }

  @ResolveField(() => [ContactPerson])
  async contactPersons(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<ContactPerson[]> {
    return (await loaders.contactsOfEmployer.load(employer.id)).map(toContact);
  }

  @ResolveField(() => [EmployerNote], { description: 'Newest first.' })
  async notes(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<EmployerNote[]> {
    return Promise.all((await loaders.notesOfEmployer.load(employer.id)).map((n) => toNote(n, loaders)));
  }

  @ResolveField(() => [Experience], { description: 'Newest first.' })
  async experiences(@CurrentViewer() viewer: Viewer, @Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<Experience[]> {
    return Promise.all((await loaders.experiencesOfEmployer.load(employer.id)).map((e) => toExperience(e, viewer, loaders)));
  }

  @ResolveField(() => ExperienceSummary)
  experienceSummary(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<ExperienceSummary> {
    return experienceSummaries(loaders).load(employer.id);
  }

  @ResolveField(() => [EmployerApproach], { description: 'Coaches approaching this employer now or later (not ended, not past `until`).' })
  async currentApproaches(@Parent() employer: Employer, @Context('loaders') loaders: Loaders): Promise<EmployerApproach[]> {
    return Promise.all((await loaders.currentApproachesOfEmployer.load(employer.id)).map((a) => toApproach(a, loaders)));
  }
}
