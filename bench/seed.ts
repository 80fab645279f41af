/**
 * The data the scale scenarios need, written straight in SQL (a few seconds for 100,000 persons):
 * every person with a device and a private eSpace; one business eSpace with 5,000 members; one
 * person in 10 business eSpaces; 20,000 companies in the registry and a fiduciary's eSpace with
 * mandates obtained on 1,000 of them; and a logged-on session for each person who is measured.
 * The registries' administrations and scopes are the demo's (Comptoir runs in demo mode).
 */
import pg from 'pg';
import { generateToken, hashToken } from '../src/features/identity/rules.ts';

export type ScaleSeed = {
  /** Session cookie of an Administrator of the eSpace with 5,000 members, which is selected. */
  bigSpaceCookie: string;
  /** Session cookie of a person in 10 business eSpaces. */
  tenSpacesCookie: string;
  /** Session cookie of a fiduciary whose selected eSpace holds 1,000 mandates obtained. */
  fiduciaryCookie: string;
};

// Six characters of the eSpace identifier alphabet (no O, no 0), from a number: unique per number.
function identifierOf(prefix: string, n: string): string {
  const alphabet = "'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789'";
  const chars = [0, 1, 2, 3, 4, 5].map((k) => `substr(${alphabet}, ((${n} / ${34 ** k}) % 34)::int + 1, 1)`);
  return `'${prefix}-' || ${chars.join(' || ')}`;
}

const sortName = `lower(p.surname || ' ' || p.first_name)`;

export async function seedScale(databaseUrl: string, persons = 100_000): Promise<ScaleSeed> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into persons (id, surname, first_name, email, webauthn_user_id, preferred_lang)
       select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
              (array['Muller','Schmit','Weber','Wagner','Hoffmann','Thill','Klein','Schroeder','Reuter','Kieffer'])[1 + i % 10] || ' ' || i,
              (array['Anne','Marc','Léa','Paul','Sophie','Luc','Claire','Jean','Nora','Tom'])[1 + (i / 10) % 10],
              'person' || i || '@bench.example.lu', 'bench-' || i, 'fr'
         from generate_series(1, $1::int) i`,
      [persons],
    );
    await client.query(
      `insert into devices (person_id, kind, label, certificate_number)
       select id, 'otp', 'token', '9' || lpad(substr(id::text, 25), 19, '0') from persons where webauthn_user_id like 'bench-%'`,
    );
    // Every person has a private eSpace (made at their first visit).
    await client.query(
      `with s as (
         insert into spaces (identifier, kind, name, created_by)
         select ${identifierOf('PP', 'row_number() over ()')}, 'private', first_name || ' ' || surname, id
           from persons where webauthn_user_id like 'bench-%'
         returning id, created_by)
       insert into memberships (space_id, person_id, role, email, certificate_number, sort_name)
       select s.id, s.created_by, 'administrator', p.email, d.certificate_number, ${sortName}
         from s join persons p on p.id = s.created_by join devices d on d.person_id = p.id`,
    );
    const business = async (name: string, n: number, creator: number) => {
      const { rows } = await client.query<{ id: string }>(
        `insert into spaces (identifier, kind, name, company_name, created_by)
         values (${identifierOf('PM', String(1_000_000 + n))}, 'business', $1, $1,
                 ('00000000-0000-4000-8000-' || lpad(to_hex($2::int), 12, '0'))::uuid)
         returning id`,
        [name, creator],
      );
      return rows[0]!.id;
    };
    // A fiduciary's eSpace shared by 5,000 people: a few Administrators, the rest Managers.
    const big = await business('Fiduciaire du Centre – clients A à Z', 1, 1);
    await client.query(
      `insert into memberships (space_id, person_id, role, email, certificate_number, status, sort_name)
       select $1, p.id,
              case when i <= 3 then 'administrator' when i % 3 = 0 then 'manager_no_signature' else 'manager' end,
              p.email, d.certificate_number, case when i % 50 = 0 then 'deactivated' else 'active' end, ${sortName}
         from generate_series(1, 5000) i
         join persons p on p.webauthn_user_id = 'bench-' || i
         join devices d on d.person_id = p.id`,
      [big],
    );
    // A representative in ten business eSpaces (one per group of client companies).
    const many = persons;
    for (let g = 1; g <= 10; g++) {
      const id = await business(`Groupe ${String.fromCharCode(64 + g)} – élections sociales`, 1 + g, many);
      await client.query(
        `insert into memberships (space_id, person_id, role, email, certificate_number, sort_name)
         select $1, p.id, 'administrator', p.email, d.certificate_number, ${sortName}
           from persons p join devices d on d.person_id = p.id where p.webauthn_user_id = $2`,
        [id, `bench-${many}`],
      );
    }
    // The registry, and a fiduciary's eSpace with agent mandates on 1,000 of its companies.
    await client.query(
      `insert into legal_entities (scheme, value, name, address, lang, attributes)
       select 'rcs', 'B' || (200000 + i),
              (array['Weber','Muller','Schmit','Hoffmann','Wagner'])[1 + i % 5] || ' ' || i || ' SARL',
              jsonb_build_object('street', i || ', rue de la Gare', 'postcode', 'L-1611', 'city', 'Luxembourg',
                                 'country', 'Luxembourg'),
              'fr', jsonb_build_object('employees', (i % 300)::text, 'sector', 'Services')
         from generate_series(1, 20000) i`,
    );
    const fiduciary = await business('Fiduciaire du Centre – 1 000 clients', 20, 2);
    await client.query(
      `insert into memberships (space_id, person_id, role, email, certificate_number, sort_name)
       select $1, p.id, 'administrator', p.email, d.certificate_number, ${sortName}
         from persons p join devices d on d.person_id = p.id where p.webauthn_user_id = 'bench-2'`,
      [fiduciary],
    );
    await client.query(
      `with scope as (select id, valid_until from certification_scopes where code = 'ITM_ELECTIONS'),
            clients as (select id, name, row_number() over (order by value) as n from legal_entities
                         where scheme = 'rcs' and value like 'B2%' order by value limit 1000),
            codes as (
              insert into access_codes (reference, code_hash, scope_id, entity_id, kind, status, used_at, used_by_space_id)
              select 'BENCH-' || c.n, md5(random()::text) || c.n, scope.id, c.id, 'agent', 'used', now(), $1
                from clients c, scope
              returning id, entity_id, scope_id)
       insert into mandates (space_id, scope_id, entity_id, kind, sort_name, access_code_id, valid_until)
       select $1, codes.scope_id, codes.entity_id, 'agent', lower(e.name), codes.id, scope.valid_until
         from codes join legal_entities e on e.id = codes.entity_id, scope`,
      [fiduciary],
    );
    const session = async (personNumber: number, selected: string | null) => {
      const token = generateToken();
      await client.query(
        `insert into sessions (token_hash, person_id, device_id, expires_at, selected_space_id)
         select $1, p.id, d.id, now() + interval '1 day', $2
           from persons p join devices d on d.person_id = p.id where p.webauthn_user_id = $3`,
        [hashToken(token), selected, `bench-${personNumber}`],
      );
      return `sid=${token}`;
    };
    const seed = {
      bigSpaceCookie: await session(1, big),
      tenSpacesCookie: await session(many, null),
      fiduciaryCookie: await session(2, fiduciary),
    };
    await client.query('commit');
    // As autovacuum would, but now: not in the middle of a measurement.
    await client.query('vacuum analyze');
    return seed;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
