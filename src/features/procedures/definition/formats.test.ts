import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isCompanyId,
  isIban,
  isPhone,
  normaliseCompanyId,
  normaliseIban,
  normalisePhone,
} from './formats.ts';
import { prefillValue } from './prefill.ts';

describe('formats of typed answers', () => {
  it('reads an IBAN as typed and checks its checksum and length', () => {
    assert.equal(normaliseIban(' lu28 0019 4006 4475 0000 '), 'LU280019400644750000');
    assert.equal(isIban('LU280019400644750000'), true);
    assert.equal(isIban('LU280019400644750001'), false, 'checksum');
    assert.equal(isIban('LU2800194006447500'), false, 'length of a Luxembourg IBAN');
  });

  it('reads phone numbers of Luxembourg without prefix, and others with theirs', () => {
    assert.equal(normalisePhone('247 76100'), '+352 24 77 61 00');
    assert.equal(isPhone('+352 621 123 456'), true);
    assert.equal(isPhone('+33 1 42 68 53 00'), true);
    assert.equal(isPhone('12'), false);
    assert.equal(normalisePhone('call me'), 'call me');
  });

  it('reads company identifiers of each scheme', () => {
    assert.equal(normaliseCompanyId('rcs b 123.456'), 'B123456');
    assert.equal(isCompanyId('B123456', ['rcs']), true);
    assert.equal(isCompanyId('20062200001', ['rcs']), false);
    assert.equal(isCompanyId('20062200001', ['national']), true);
    assert.equal(isCompanyId('S10001', ['structure']), true);
    assert.equal(isCompanyId('S1000', ['structure']), false);
  });
});

describe('prefill', () => {
  const sources = {
    sheet: {
      spaceName: 'Maitry élections 2029',
      companyName: 'Maitry Bâtiment SARL',
      notificationEmail: '',
      officePhone: null,
    },
    person: { surname: 'Maitry', firstName: 'Karine', email: 'karine.maitry@maitry.lu' },
    certified: {
      name: 'Maitry Bâtiment SARL',
      value: 'B100001',
      address: {
        street: '12, rue de Hollerich',
        postcode: 'L-1740',
        city: 'Luxembourg',
        country: 'Luxembourg',
      },
      attributes: { legal_form: 'SARL', employees: '48', sector: 'Construction' },
    },
  };

  it('reads the information sheet, the person and the certified data', () => {
    assert.equal(prefillValue('sheet.companyName', sources), 'Maitry Bâtiment SARL');
    assert.equal(prefillValue('person.fullName', sources), 'Karine Maitry');
    assert.equal(prefillValue('certified.identifier', sources), 'B100001');
    assert.equal(prefillValue('certified.employees', sources), 48);
    assert.equal(prefillValue('certified.legalForm', sources), 'SARL');
    assert.deepEqual(prefillValue('certified.address', sources), sources.certified.address);
  });

  it('gives nothing for what a source lacks or leaves empty', () => {
    assert.equal(prefillValue('sheet.notificationEmail', sources), undefined);
    assert.equal(prefillValue('sheet.officePhone', sources), undefined);
    assert.equal(prefillValue('certified.capacity', sources), undefined);
    assert.equal(prefillValue('certified.name', { person: sources.person }), undefined);
  });
});
