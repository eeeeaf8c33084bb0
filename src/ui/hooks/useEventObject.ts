// The detail view's event (ui/event-object): kept by the store, or fetched once per event the
// view shows, with a GET through the group's own cluster.
import { useEffect, useState } from 'react';
import type { EventGroup } from '../../store/aggregate.js';
import type { Session } from '../../session/types.js';
import { sanitize, sanitizeDeep } from '../../model/sanitize.js';
import { eventIdOf, eventRef, keptFields, keptRaw, type EventObject } from '../event-object.js';

const LOADING: EventObject = { state: 'loading' };

export function useEventObject(session: Session, g: EventGroup | undefined): EventObject | undefined {
  const [fetched, setFetched] = useState<{ id: string; value: EventObject }>();
  const kept = g !== undefined ? keptRaw(g) : undefined;
  const id = g === undefined || kept !== undefined ? '' : eventIdOf(g);
  useEffect(() => {
    if (id === '' || g === undefined) return;
    let live = true;
    const objects = session.objectsFor?.(g.cluster) ?? session.objects;
    objects.get(eventRef(g)).then(
      (r) => live && setFetched({ id, value: r.ok ? { state: 'fetched', object: sanitizeDeep(r.object) as Record<string, unknown> } : { state: 'failed', gone: 'gone' in r, message: sanitize(r.message), object: keptFields(g) } }),
      (e: unknown) => live && setFetched({ id, value: { state: 'failed', gone: false, message: sanitize(e instanceof Error ? e.message : String(e)), object: keptFields(g) } }),
    );
    return () => {
      live = false;
    };
  }, [session, id]); // eslint-disable-line react-hooks/exhaustive-deps
  if (g === undefined) return undefined;
  if (kept !== undefined) return { state: 'kept', object: kept };
  return fetched?.id === id ? fetched.value : LOADING;
}
