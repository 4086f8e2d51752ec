import type { ApplicationNode, Estate, PrincipalNode, RoleNode } from '../estate/estate.js';
import { Persons } from '../estate/persons.js';
import { Principals } from '../estate/principals.js';
import type { DirectoryLink } from '../model/entitlement.js';
import type { AccountMapping, Person, Tool } from '../model/records.js';

/**
 * The estate as a plan would leave it, laid over the estate's own tables: the records the plan edits
 * are held here (as edited copies), new ones are appended after the estate's, and everything else is
 * read from the tables where it lies. Nothing is copied per principal or per person, so applying a
 * plan costs what the plan touches. Indexes below `P` are the estate's own.
 */
export class EstateOverlay {
  /** Principals of the estate; new ones are numbered from here. */
  readonly P: number;
  private readonly edited = new Map<number, PrincipalNode>();
  readonly added: PrincipalNode[] = [];
  readonly addedPersons: Person[] = [];
  readonly roleAssignments: RoleNode[];
  applications: ApplicationNode[];
  links: DirectoryLink[];
  readonly mappings: AccountMapping[];
  readonly tools: Tool[];
  private whole: Estate | undefined;

  constructor(readonly base: Estate) {
    this.P = base.principals.length;
    this.roleAssignments = base.roleAssignments.slice();
    this.applications = base.applications;
    this.links = base.links;
    this.mappings = base.mappings.slice();
    this.tools = base.tools.slice();
  }

  get principalCount(): number {
    return this.P + this.added.length;
  }

  get personCount(): number {
    return this.base.persons.length + this.addedPersons.length;
  }

  node(v: number): PrincipalNode {
    if (v >= this.P) return this.added[v - this.P]!;
    return this.edited.get(v) ?? this.base.principals.at(v);
  }

  kind(v: number): PrincipalNode['kind'] {
    return v >= this.P ? this.added[v - this.P]!.kind : this.base.principals.kind(v);
  }

  source(v: number): string {
    return v >= this.P ? this.added[v - this.P]!.source : this.base.principals.source(v);
  }

  /** A group's members as the plan leaves them. */
  members(v: number): ArrayLike<number> {
    const o = v >= this.P ? this.added[v - this.P] : this.edited.get(v);
    if (o) return o.kind === 'group' ? o.members : [];
    return this.base.principals.members(v);
  }

  /** The edited copy of principal v, if the plan edits it. */
  editedNode(v: number): PrincipalNode | undefined {
    return this.edited.get(v);
  }

  editedIndexes(): IterableIterator<number> {
    return this.edited.keys();
  }

  person(i: number): Person {
    const n = this.base.persons.length;
    return i < n ? this.base.persons.at(i) : this.addedPersons[i - n]!;
  }

  set(v: number, node: PrincipalNode): void {
    this.whole = undefined;
    if (v >= this.P) this.added[v - this.P] = node;
    else this.edited.set(v, node);
  }

  push(node: PrincipalNode): number {
    this.whole = undefined;
    return this.P + this.added.push(node) - 1;
  }

  pushPerson(person: Person): number {
    this.whole = undefined;
    return this.base.persons.length + this.addedPersons.push(person) - 1;
  }

  /** Call after editing the arrays (role assignments, mappings, tools) in place. */
  changed(): void {
    this.whole = undefined;
  }

  /**
   * The whole changed estate as an Estate of objects: every principal and person is materialised, so
   * this is for small estates, tests, and the correlation that synthesises persons without a roster.
   */
  estate(): Estate {
    if (this.whole) return this.whole;
    const principals = new Array<PrincipalNode>(this.principalCount);
    for (let v = 0; v < principals.length; v++) principals[v] = this.node(v);
    const persons = new Array<Person>(this.personCount);
    for (let i = 0; i < persons.length; i++) persons[i] = this.person(i);
    this.whole = {
      ...this.base,
      principals: Principals.of(principals),
      roleAssignments: this.roleAssignments,
      persons: Persons.of(persons),
      mappings: this.mappings,
      tools: this.tools,
      applications: this.applications,
      links: this.links,
    };
    return this.whole;
  }
}
