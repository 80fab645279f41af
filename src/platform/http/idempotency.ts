import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import type { Db } from '../db.ts';
import { AppError } from '../errors.ts';
import {
  claimKey,
  readKey,
  releaseAbandonedKey,
  releaseKey,
  storeAnswer,
  type TokenKey,
  touchKey,
} from './idempotency-store.ts';

/**
 * Idempotent form posts. A form that creates something carries a one-time token (the hidden
 * field `CsrfField` renders with `once`); its route declares `config: { idempotent: true }`.
 * The first post of a token claims it (a row inserted or not, atomically), runs, and its answer
 * (status, Location, page) is kept; the same token posted again (a double click, a reload, a
 * second tab) gets that answer and creates nothing. A post that comes while the first still runs
 * waits for its answer. A first post that fails (an answer of 400 or more: a validation error,
 * an exception) gives the token back, so that the corrected form can be sent with it.
 *
 * A token belongs to the person who posts it (to a visitor's browser before log on): the same
 * token posted by someone else is a fresh token of theirs and never shows them the first answer.
 */

/** The form field that carries the token. */
export const ONE_TIME_FIELD = '_once';

/** A new one-time token, for one rendering of a creating form. */
export const newOneTimeToken = (): string => randomBytes(32).toString('base64url');

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** How often a post whose token is being handled looks for the first answer, and how long. */
const POLL_MS = 50;
const WAIT_MS = 30_000;
/**
 * A running post touches its claim this often; a claim untouched for ABANDONED_MS belongs to a
 * process that died (killed, out of memory) and is taken over, so that the retry of a post the
 * crash left without an answer runs instead of waiting for it in vain.
 */
const HEARTBEAT_MS = 5_000;
const ABANDONED_MS = 20_000;
/** The headers of an answer that are replayed with it. */
const KEPT_HEADERS = ['location', 'content-type', 'content-disposition', 'cache-control', 'set-cookie'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-on person's id (set by the identity feature): one-time tokens are theirs. */
    actorId: string | undefined;
    /** The token this request claimed, until its answer is kept or the token given back. */
    oneTimeClaim: { key: TokenKey; token: string; heartbeat: NodeJS.Timeout } | undefined;
  }
  interface FastifyContextConfig {
    /** The route creates something: its form carries a one-time token (see idempotency.ts). */
    idempotent?: true;
  }
}

type Answer = { status: number; headers: Record<string, string | string[]>; body: string };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The answer's key, derived from the token: the database, which never sees the token, cannot read it. */
const answerKey = (token: string) =>
  Buffer.from(hkdfSync('sha256', token, 'comptoir', 'idempotent form answer', 32));

function seal(token: string, answer: Answer): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', answerKey(token), iv);
  const text = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), text]);
}

function open(token: string, sealed: Uint8Array): Answer {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', answerKey(token), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
}

const tokenOf = (body: unknown): string | undefined => {
  const value = (body as Record<string, unknown> | undefined)?.[ONE_TIME_FIELD];
  return typeof value === 'string' && TOKEN_SHAPE.test(value) ? value : undefined;
};

/** A person's tokens are theirs in every session; a visitor's are their browser's (its CSRF secret). */
const ownerOf = (request: FastifyRequest) =>
  request.actorId ? `person:${request.actorId}` : `browser:${sha256(request.cookies._csrf ?? '')}`;

function replay(reply: FastifyReply, token: string, sealed: Uint8Array): FastifyReply {
  const answer = open(token, sealed);
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.send(Buffer.from(answer.body, 'base64'));
}

/**
 * Makes every route that declares `idempotent` claim its form's token after its own guards, and
 * keep its answer (or give the token back) when it answers. Call before any route is registered.
 */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actorId', undefined);
  app.decorateRequest('oneTimeClaim', undefined);

  const claim: preHandlerHookHandler = async (request, reply) => {
    const token = tokenOf(request.body);
    // A creating form always carries one: a post without it comes from a page older than it.
    if (!token) throw new AppError('FormExpired', 'no one-time token');
    const key = { owner: ownerOf(request), keyHash: sha256(token) };
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (await claimKey(db, key, new Date())) {
        // Cleared when the answer goes (settle); a post that never answers stops after 10 minutes.
        const until = Date.now() + 10 * 60_000;
        const heartbeat = setInterval(() => {
          if (Date.now() > until) clearInterval(heartbeat);
          else
            touchKey(db, key, new Date()).catch((err) =>
              request.log.warn({ err }, 'a one-time token could not be touched'),
            );
        }, HEARTBEAT_MS);
        heartbeat.unref();
        request.oneTimeClaim = { key, token, heartbeat };
        return;
      }
      const row = await readKey(db, key);
      if (row?.status != null && row.answer) return replay(reply, token, row.answer);
      if (!row) continue; // the first post failed and gave the token back: claim it again
      if (Date.now() > deadline) throw new AppError('StillSending');
      await releaseAbandonedKey(db, key, new Date(Date.now() - ABANDONED_MS));
      await sleep(POLL_MS);
    }
  };

  const settle: onSendHookHandler = async (request, reply, payload) => {
    const taken = request.oneTimeClaim;
    if (!taken) return payload;
    request.oneTimeClaim = undefined;
    clearInterval(taken.heartbeat);
    const storable =
      payload === null || payload === undefined || typeof payload === 'string' || Buffer.isBuffer(payload);
    try {
      if (reply.statusCode >= 400 || !storable) {
        await releaseKey(db, taken.key);
        return payload;
      }
      const headers: Answer['headers'] = {};
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
      }
      const body = Buffer.from((payload ?? '') as string | Buffer).toString('base64');
      await storeAnswer(
        db,
        taken.key,
        reply.statusCode,
        seal(taken.token, { status: reply.statusCode, headers, body }),
      );
    } catch (error) {
      // The thing is created and its answer goes out; only a repeat of this post is unprotected.
      request.log.error({ err: error }, 'the answer of a one-time token could not be kept');
    }
    return payload;
  };

  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), claim];
    route.onSend = [...[route.onSend ?? []].flat(), settle];
  });
}
