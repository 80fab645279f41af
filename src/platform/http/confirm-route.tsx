import type { FastifyInstance, FastifyRequest, RouteGenericInterface, RouteShorthandOptions } from 'fastify';
import { type Confirmation, ConfirmPage } from '../views/confirm.tsx';

/**
 * An action nothing undoes, as two routes on one path: the GET asks "are you sure?" and changes
 * nothing, the POST (the page's form, with its CSRF token) does it and goes where `act` says.
 * `ask` and `act` call the feature's services, which check the person may do it; `ask` answers
 * `refused` (409, no button) for a thing the action does not apply to.
 */
export function confirmRoute<R extends RouteGenericInterface>(
  app: FastifyInstance,
  path: string,
  options: RouteShorthandOptions,
  steps: {
    ask: (request: FastifyRequest<R>) => Promise<Confirmation>;
    act: (request: FastifyRequest<R>) => Promise<string>;
  },
): void {
  // Fastify cannot resolve the reply type of a generic route: the routes are registered plain, and
  // the request given the caller's params (the route's schema has checked them).
  const typed = (request: FastifyRequest) => request as FastifyRequest<R>;
  app.get(path, options, async (request, reply) => {
    const confirmation = await steps.ask(typed(request));
    return reply.page(
      confirmation.title,
      <ConfirmPage
        t={request.t}
        csrfToken={reply.csrfToken()}
        action={request.url.split('?')[0]!}
        {...confirmation}
      />,
      // Refused: the thing is in a state the action does not apply to.
      confirmation.refused ? 409 : 200,
    );
  });
  app.post(path, options, async (request, reply) => reply.redirect(await steps.act(typed(request)), 303));
}
