import type { NotificationEvent } from '../../notifications/events.ts';
import type { Actor, NotifiedSpace } from '../../notifications/service.ts';
import { procedureEvents } from '../events.ts';

/**
 * What a transmission tells (rule 11): the member who transmitted and the eSpace's notification
 * address get the e-mail, the other members find it in My communications. transmit() hands it
 * to `notify` in the transaction that made the transmission, and returns it.
 */
export type TransmissionNotice = {
  event: NotificationEvent;
  space: NotifiedSpace;
  actor: Actor;
  params: { reference: string; procedure: string; name: string; actor: string };
  /** The transmission slip, for a page or a mail to link. */
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
    event: procedureEvents['procedure.transmitted'],
    space,
    actor,
    params: { reference, procedure, name, actor: actor.name },
    slipFileId,
  };
}
