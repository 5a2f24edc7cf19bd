import { useQueryClient } from '@tanstack/react-query';
import { createContext, createElement, useContext, useEffect, useState, type ReactNode } from 'react';
import { eventStreamUrl } from '../../api/client.ts';

/** `live`: the stream is open and pages refresh on its events; otherwise they fall back to polling. */
export type LiveStatus = 'connecting' | 'live' | 'offline';

const LiveContext = createContext<LiveStatus>('offline');

const RUN_EVENTS = ['run.held', 'run.queued', 'run.started', 'run.waiting', 'run.succeeded', 'run.failed', 'run.cancelled'];
const STEP_EVENTS = ['step.started', 'step.succeeded', 'step.failed', 'step.retrying'];
/** Events arriving close together refresh each query once. */
const GATHER_MS = 200;
/** The run history refetches every page it holds: at most this often. */
const LIST_EVERY_MS = 2000;

/**
 * One EventSource per tab (mounted once in the signed-in frame): run and step events mark the run's
 * page and the run lists stale, so what is on screen is fetched again. Nothing is read from the events
 * but ids: the pages fetch the data through the API as always.
 */
export function LiveEventsProvider({ workspace, children }: { workspace: string | null; children: ReactNode }) {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!workspace) return;
    setStatus('connecting');
    const source = new EventSource(eventStreamUrl(), { withCredentials: true });
    const runs = new Set<string>();
    let listStale = false;
    let listAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let connectedBefore = false;

    const flush = () => {
      timer = undefined;
      for (const id of runs) void client.invalidateQueries({ queryKey: ['runs', workspace, 'detail', id] });
      runs.clear();
      if (listStale) {
        const wait = listAt + LIST_EVERY_MS - Date.now();
        if (wait > 0) {
          timer = setTimeout(flush, wait);
          return;
        }
        listStale = false;
        listAt = Date.now();
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'runs' && q.queryKey[1] === workspace && q.queryKey[2] !== 'detail' });
      }
    };
    const later = () => {
      timer ??= setTimeout(flush, GATHER_MS);
    };
    const onRun = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as { runId: string; workflowId: string };
      runs.add(event.runId);
      listStale = true;
      // A run of a workflow the lists cannot name yet (created elsewhere): read the names again.
      const names = client.getQueryData<{ id: string }[]>(['workflows', workspace, 'names']);
      if (names && !names.some((w) => w.id === event.workflowId)) void client.invalidateQueries({ queryKey: ['workflows', workspace, 'names'] });
      later();
    };
    const onStep = (message: MessageEvent<string>) => {
      runs.add((JSON.parse(message.data) as { runId: string }).runId);
      later();
    };
    // After a reconnection (or a gap the server reports) events may have been missed: re-read everything shown.
    const everything = () => {
      void client.invalidateQueries({ queryKey: ['runs', workspace] });
      void client.invalidateQueries({ queryKey: ['workflows', workspace] });
    };
    source.addEventListener('ready', () => {
      setStatus('live');
      if (connectedBefore) everything();
      connectedBefore = true;
    });
    source.addEventListener('resync', everything);
    source.addEventListener('error', () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting'));
    for (const name of RUN_EVENTS) source.addEventListener(name, onRun);
    for (const name of STEP_EVENTS) source.addEventListener(name, onStep);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [client, workspace]);

  return createElement(LiveContext.Provider, { value: status }, children);
}

/** Whether pages get live updates now (else they poll). */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext);
}
