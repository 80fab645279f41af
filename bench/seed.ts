/**
 * The data the scale scenarios need, written straight in SQL (a few seconds for 100,000 persons):
 * every person with a device and a private eSpace; one business eSpace with 5,000 members; one
 * person in 10 business eSpaces; and a logged-on session for each of the two who are measured.
 */
import pg from 'pg';
import { generateToken, hashToken } from '../src/features/identity/rules.ts';

export type ScaleSeed = {
  /** Session cookie of an Administrator of the eSpace with 5,000 members, which is selected. */
  bigSpaceCookie: string;
  /** Session cookie of a person in 10 business eSpaces. */
  tenSpacesCookie: string;
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
    const seed = { bigSpaceCookie: await session(1, big), tenSpacesCookie: await session(many, null) };
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
