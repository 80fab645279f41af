import {
  type AttemptRow,
  consumeAttempt,
  type DeviceRow,
  findPerson,
  type PersonRow,
  type SessionRow,
} from '../store.ts';
import type { IdentityCtx } from './context.ts';
import { type CurrentSession, logOut, openSession } from './sessions.ts';

export type LogonCompleted = { token: string; session: SessionRow; person: PersonRow | undefined };

/**
 * Ends a successful log on, whatever the device: the attempt is used once (a replayed proof gives
 * undefined), the browser's previous session ends (one browser, one session) and a new one opens.
 */
export async function completeLogonSession(
  ctx: IdentityCtx,
  input: { attempt: AttemptRow; device: DeviceRow; how: string; previous: CurrentSession | undefined },
): Promise<LogonCompleted | undefined> {
  if (!(await consumeAttempt(ctx.db, input.attempt.id))) return undefined;
  if (input.previous) await logOut(ctx, input.previous);
  const { token, session } = await openSession(ctx, input.device, input.how);
  return { token, session, person: await findPerson(ctx.db, input.device.personId) };
}
