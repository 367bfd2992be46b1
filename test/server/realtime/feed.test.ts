import type { PushedEvent } from '../../../server/contract/events';
import { NotificationFeed } from '../../../server/realtime/feed';

const ev = (id: number): PushedEvent => ({ id, type: 'inbox:new', payload: { documentId: `d${id}`, subject: `s${id}`, symbol: null, reason: 'arrived' }, createdAt: new Date(0).toISOString() });

function recordingFeed(since: number, onAcked?: (id: number) => void) {
  const sent: number[] = [];
  const acks: (() => void)[] = [];
  const feed = new NotificationFeed(
    (event, onAck) => {
      sent.push(event.id);
      acks.push(onAck);
    },
    since,
    onAcked,
  );
  return { feed, sent, acks };
}

/** A database of committed ids, read a page at a time, that lets the test act between pages. */
function pagedStore(ids: number[], pageSize: number, betweenPages: (page: number) => void = () => undefined) {
  let page = 0;
  return async (after: number) => {
    await Promise.resolve();
    betweenPages(page++);
    return ids.filter((id) => id > after).slice(0, pageSize).map(ev);
  };
}

describe('NotificationFeed', () => {
  it('sends live events in order, once', () => {
    const { feed, sent } = recordingFeed(0);
    feed.offer([ev(1), ev(2)]);
    feed.offer([ev(2), ev(3)]);
    expect(sent).toEqual([1, 2, 3]);
  });

  it('drops what the client already has (ids up to since)', () => {
    const { feed, sent } = recordingFeed(5);
    feed.offer([ev(4), ev(5), ev(6)]);
    expect(sent).toEqual([6]);
  });

  it('holds live events back during a replay and releases them after it, without duplicates', async () => {
    const { feed, sent } = recordingFeed(2);
    // Live events 7, 8 and 9 arrive while pages are being read; 7 and 8 are also in the database by then.
    const load = pagedStore([1, 2, 3, 4, 5, 6, 7, 8], 2, (page) => {
      if (page === 1) feed.offer([ev(7)]);
      if (page === 2) feed.offer([ev(9), ev(8)]);
    });
    await feed.replay(load);
    expect(sent).toEqual([3, 4, 5, 6, 7, 8, 9]);
    feed.offer([ev(9), ev(10)]);
    expect(sent).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('still releases held live events when the replay fails', async () => {
    const { feed, sent } = recordingFeed(0);
    const failing = async () => {
      feed.offer([ev(3)]);
      throw new Error('database unavailable');
    };
    await expect(feed.replay(failing)).rejects.toThrow('database unavailable');
    expect(sent).toEqual([3]);
  });

  it('delivers a late, lower id it has never sent rather than losing it', () => {
    const { feed, sent } = recordingFeed(0);
    feed.offer([ev(11)]);
    feed.offer([ev(10)]);
    feed.offer([ev(10), ev(11)]);
    expect(sent).toEqual([11, 10]);
  });

  it('reports the highest acknowledged id, once per advance', () => {
    const acked: number[] = [];
    const { feed, acks } = recordingFeed(0, (id) => acked.push(id));
    feed.offer([ev(1), ev(2), ev(3)]);
    acks[1]();
    acks[0]();
    acks[2]();
    acks[2]();
    expect(acked).toEqual([2, 3]);
    expect(feed.lastAcked).toBe(3);
  });

  it('sends nothing once closed, including held events', async () => {
    const { feed, sent } = recordingFeed(0);
    const replay = feed.replay(pagedStore([1, 2], 10, () => feed.offer([ev(3)])));
    feed.close();
    await replay;
    feed.offer([ev(4)]);
    expect(sent).toEqual([]);
  });

  it('keeps its memory bounded on a long-lived socket without resending', () => {
    const { feed, sent } = recordingFeed(0);
    for (let id = 1; id <= 10_000; id++) feed.offer([ev(id)]);
    feed.offer([ev(1), ev(5000), ev(10_000)]);
    expect(sent).toHaveLength(10_000);
  });
});
