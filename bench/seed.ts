/**
 * The data the benchmark measures, written straight in SQL with set-based inserts
 * (generate_series, insert … select), the same statements on PostgreSQL and on PGlite:
 * 100,000 persons, each with a device and a private eSpace; 20,000 companies in the registry; and,
 * for each list page, one owner per scale (`listScales`) with a logged-on session.
 * The registries' administrations and scopes are the demo's (Comptoir runs in demo mode).
 */
import { generateToken, hashToken } from '../src/features/identity/rules.ts';

/** What the seed needs of a database connection: node-postgres' Client and PGlite both give it. */
export type SqlRunner = (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

export type ScaleSeed = {
  /** Session cookies of the persons measured, per list and size. */
  cookies: Record<ListName, Record<number, string>>;
  /** The eSpace of the largest Users tab: the one-query page lists its first members. */
  oneQuerySpace: string;
  /** Hands out the persons, companies and eSpaces left, for a benchmark that seeds more. */
  seeder: Seeder;
};

const PERSONS = 100_000;
const COMPANIES = 20_000;

/**
 * Each list page is measured at two sizes in the same run; a good page serves the large one
 * almost as fast as the small one. A list added here is seeded and measured at both sizes:
 * "My procedures" and the back office's task list join at 10 and 100,000 once they exist, with a
 * seeder writing that many procedures (or cases) for one eSpace (or one administration).
 */
export const listScales = {
  /** The Users tab of an eSpace with this many members. */
  members: { sizes: [50, 50_000], unit: 'member', seed: spaceWithMembers },
  /** The Certifications tab and a data source of a fiduciary with this many mandates obtained. */
  mandates: { sizes: [10, 10_000], unit: 'mandate', seed: fiduciaryWithMandates },
  /** "Manage my eSpaces" of a person in this many business eSpaces. */
  spaces: { sizes: [1, 10], unit: 'business eSpace', seed: personInSpaces },
} satisfies Record<string, ListScale>;

export type ListName = keyof typeof listScales;

type ListScale = {
  sizes: [small: number, large: number];
  /** What a size counts, for the report (singular). */
  unit: string;
  /** Writes one owner of a list of `size` rows; resolves to their session cookie and eSpace. */
  seed(seeder: Seeder, size: number): Promise<Owner>;
};

type Owner = { cookie: string; space?: string };

/** Hands out persons, companies and eSpace identifiers that no other list uses. */
export class Seeder {
  private nextPerson = 1;
  private nextCompany = 1;
  private nextSpace = 1;
  constructor(readonly sql: SqlRunner) {}

  /** The number of the first of `count` persons (bench-<number>) nobody else took. */
  persons(count: number): number {
    const first = this.nextPerson;
    this.nextPerson += count;
    if (this.nextPerson > PERSONS + 1) throw new Error(`the seed has only ${PERSONS} persons`);
    return first;
  }

  /** The number of the first of `count` companies (RCS B<200000 + number>) nobody else took. */
  companies(count: number): number {
    const first = this.nextCompany;
    this.nextCompany += count;
    if (this.nextCompany > COMPANIES + 1) throw new Error(`the seed has only ${COMPANIES} companies`);
    return first;
  }

  /** A business eSpace set up by person `creator`, who is its Administrator; resolves to its id. */
  async businessSpace(name: string, creator: number): Promise<string> {
    const { rows } = await this.sql(
      `with s as (
         insert into spaces (identifier, kind, name, company_name, created_by)
         values (${identifierOf('PM', '$2::int')}, 'business', $1, $1, ${personId('$3::int')})
         returning id)
       insert into memberships (space_id, person_id, role, email, certificate_number, sort_name)
       select s.id, p.id, 'administrator', p.email, d.certificate_number, ${sortName}
         from s, persons p join devices d on d.person_id = p.id where p.id = ${personId('$3::int')}
       returning space_id as id`,
      [name, this.nextSpace++, creator],
    );
    return (rows[0] as { id: string }).id;
  }

  /** A logged-on session of person `number`, with `selected` as its eSpace; resolves to its cookie. */
  async session(number: number, selected: string | null): Promise<string> {
    const token = generateToken();
    await this.sql(
      `insert into sessions (token_hash, person_id, device_id, expires_at, selected_space_id)
       select $1, d.person_id, d.id, now() + interval '1 day', $2 from devices d where d.person_id = ${personId('$3::int')}`,
      [hashToken(token), selected, number],
    );
    return `sid=${token}`;
  }
}

/** The id of person `n` (a SQL expression of a number): known in advance, so no lookup is needed. */
const personId = (n: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

// Six characters of the eSpace identifier alphabet (no O, no 0), from a number: unique per number.
function identifierOf(prefix: string, n: string): string {
  const alphabet = "'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789'";
  const chars = [0, 1, 2, 3, 4, 5].map((k) => `substr(${alphabet}, ((${n} / ${34 ** k}) % 34)::int + 1, 1)`);
  return `'${prefix}-' || ${chars.join(' || ')}`;
}

const sortName = `lower(p.surname || ' ' || p.first_name)`;

/** An eSpace of `size` members (three Administrators, Managers, some deactivated), its first Administrator logged on. */
async function spaceWithMembers(seeder: Seeder, size: number): Promise<Owner> {
  const first = seeder.persons(size);
  const space = await seeder.businessSpace(`Fiduciaire du Centre – ${size} membres`, first);
  await seeder.sql(
    `insert into memberships (space_id, person_id, role, email, certificate_number, status, sort_name)
     select $1, p.id,
            case when i < 3 then 'administrator' when i % 3 = 0 then 'manager_no_signature' else 'manager' end,
            p.email, d.certificate_number, case when i % 50 = 49 then 'deactivated' else 'active' end, ${sortName}
       from generate_series(1, $2::int - 1) i
       join persons p on p.id = ${personId('$3::int + i')}
       join devices d on d.person_id = p.id`,
    [space, size, first],
  );
  return { cookie: await seeder.session(first, space), space };
}

/** A fiduciary's eSpace holding agent mandates (ITM_ELECTIONS) on `size` companies, its Administrator logged on. */
async function fiduciaryWithMandates(seeder: Seeder, size: number): Promise<Owner> {
  const person = seeder.persons(1);
  const space = await seeder.businessSpace(`Fiduciaire de l'Est – ${size} clients`, person);
  await seeder.sql(
    `with scope as (select id, valid_until from certification_scopes where code = 'ITM_ELECTIONS'),
          clients as (select id, name, value from legal_entities
                       where scheme = 'rcs' and value between $2 and $3),
          codes as (
            insert into access_codes (reference, code_hash, scope_id, entity_id, kind, status, used_at, used_by_space_id)
            select 'BENCH-' || c.value, md5(c.value || random()::text), scope.id, c.id, 'agent', 'used', now(), $1
              from clients c, scope
            returning id, entity_id, scope_id)
     insert into mandates (space_id, scope_id, entity_id, kind, sort_name, access_code_id, valid_until)
     select $1, codes.scope_id, codes.entity_id, 'agent', lower(e.name), codes.id, scope.valid_until
       from codes join legal_entities e on e.id = codes.entity_id, scope`,
    [space, ...companyRange(seeder.companies(size), size)],
  );
  return { cookie: await seeder.session(person, space), space };
}

/** The first and last RCS numbers of `count` companies from the `first`th (they sort as text too: all have 7 characters). */
const companyRange = (first: number, count: number) => [
  `B${200_000 + first}`,
  `B${200_000 + first + count - 1}`,
];

/** A representative in `size` business eSpaces, logged on without one selected. */
async function personInSpaces(seeder: Seeder, size: number): Promise<Owner> {
  const person = seeder.persons(1);
  for (let g = 1; g <= size; g++) {
    await seeder.businessSpace(`Groupe ${g} – élections sociales`, person);
  }
  return { cookie: await seeder.session(person, null) };
}

/** Writes the whole scale in one transaction, then analyses it (as autovacuum would, but now). */
export async function seedScale(sql: SqlRunner): Promise<ScaleSeed> {
  await sql('begin');
  try {
    // Foreign keys are not checked row by row (half the time): the rows are consistent by
    // construction. Triggers are off too: the counts they keep are made again at the end.
    await sql('set local session_replication_role = replica');
    await sql(
      `insert into persons (id, surname, first_name, email, webauthn_user_id, preferred_lang)
       select ${personId('i')},
              (array['Muller','Schmit','Weber','Wagner','Hoffmann','Thill','Klein','Schroeder','Reuter','Kieffer'])[1 + i % 10] || ' ' || i,
              (array['Anne','Marc','Léa','Paul','Sophie','Luc','Claire','Jean','Nora','Tom'])[1 + (i / 10) % 10],
              'person' || i || '@bench.example.lu', 'bench-' || i, 'fr'
         from generate_series(1, $1::int) i`,
      [PERSONS],
    );
    await sql(
      `insert into devices (person_id, kind, label, certificate_number)
       select id, 'otp', 'token', '9' || lpad(substr(id::text, 25), 19, '0') from persons where webauthn_user_id like 'bench-%'`,
    );
    // Every person has a private eSpace (made at their first visit).
    await sql(
      `with s as (
         insert into spaces (identifier, kind, name, created_by)
         select ${identifierOf('PP', 'row_number() over ()')}, 'private', first_name || ' ' || surname, id
           from persons where webauthn_user_id like 'bench-%'
         returning id, created_by)
       insert into memberships (space_id, person_id, role, email, certificate_number, sort_name)
       select s.id, s.created_by, 'administrator', p.email, d.certificate_number, ${sortName}
         from s join persons p on p.id = s.created_by join devices d on d.person_id = p.id`,
    );
    await sql(
      `insert into legal_entities (scheme, value, name, address, lang, attributes)
       select 'rcs', 'B' || (200000 + i),
              (array['Weber','Muller','Schmit','Hoffmann','Wagner'])[1 + i % 5] || ' ' || i || ' SARL',
              jsonb_build_object('street', i || ', rue de la Gare', 'postcode', 'L-1611', 'city', 'Luxembourg',
                                 'country', 'Luxembourg'),
              'fr', jsonb_build_object('employees', (i % 300)::text, 'sector', 'Services')
         from generate_series(1, $1::int) i`,
      [COMPANIES],
    );
    const seeder = new Seeder(sql);
    const cookies = {} as ScaleSeed['cookies'];
    let oneQuerySpace = '';
    for (const [name, list] of Object.entries(listScales) as [ListName, ListScale][]) {
      cookies[name] = {};
      for (const size of list.sizes) {
        const owner = await list.seed(seeder, size);
        cookies[name][size] = owner.cookie;
        if (name === 'members') oneQuerySpace = owner.space!; // the larger size comes last
      }
    }
    // The list counts the triggers keep (migration 0011_list_counts), for the rows written without them.
    await sql('select recount_list_counts()');
    await sql('commit');
    await sql('vacuum analyze');
    return { cookies, oneQuerySpace, seeder };
  } catch (error) {
    await sql('rollback').catch(() => {});
    throw error;
  }
}
