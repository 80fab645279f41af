import type { Actor, NotifiedSpace } from '../../notifications/service.ts';

/**
 * What a transmission must tell (rule 11): the member who transmitted and the eSpace's
 * notification address get the e-mail, in the eSpace's language of procedures, with the slip;
 * the other members find it in My communications. The notifications' registry of events
 * delivers it; transmit() returns it from the transaction that made the transmission.
 */
export type TransmissionNotice = {
  event: 'procedure.transmitted';
  space: NotifiedSpace;
  actor: Actor;
  params: { reference: string; procedure: string; name: string; actor: string };
  /** The transmission slip, for the e-mail to attach or link. */
  slipFileId: string;
};

export function transmissionNotice(values: {
  space: NotifiedSpace;
  actor: Actor;
  reference: string;
  /** The procedure's title, in the eSpace's language. */
  procedure: string;
  /** The eSpace's own name for it. */
  name: string;
  slipFileId: string;
}): TransmissionNotice {
  const { space, actor, reference, procedure, name, slipFileId } = values;
  return {
    event: 'procedure.transmitted',
    space,
    actor,
    params: { reference, procedure, name, actor: actor.name },
    slipFileId,
  };
}
