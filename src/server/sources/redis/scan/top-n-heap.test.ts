import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopNHeap } from './top-n-heap';

interface Item {
  id: number;
  score: number;
}
const byScoreDesc = (a: Item, b: Item) => b.score - a.score || a.id - b.id;
const byScoreOnly = (a: Item, b: Item) => b.score - a.score;

describe('TopNHeap', () => {
  it('keeps exactly the N best of any input, never holding more than N', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 500 }),
        (capacity, scores) => {
          const heap = new TopNHeap<Item>(capacity, byScoreDesc, (i) => String(i.id));
          const items = scores.map((score, id) => ({ id, score }));
          for (const item of items) {
            heap.offer(item);
            expect(heap.size).toBeLessThanOrEqual(capacity);
          }
          expect(heap.sorted()).toEqual([...items].sort(byScoreDesc).slice(0, capacity));
        },
      ),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('with ties, keeps every item strictly above the boundary and the first seen at it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 500 }),
        (capacity, scores) => {
          const heap = new TopNHeap<Item>(capacity, byScoreOnly, (i) => String(i.id));
          const items = scores.map((score, id) => ({ id, score }));
          for (const item of items) heap.offer(item);
          const expected = [...items].sort(byScoreDesc).slice(0, capacity);
          const kept = heap.sorted().sort(byScoreDesc);
          expect(kept.map((i) => i.score)).toEqual(expected.map((i) => i.score));
          const boundary = expected.at(-1)?.score ?? 0;
          expect(kept.filter((i) => i.score > boundary)).toEqual(expected.filter((i) => i.score > boundary));
          const firstAtBoundary = items.filter((i) => i.score === boundary).slice(0, capacity);
          for (const item of kept.filter((i) => i.score === boundary)) expect(firstAtBoundary).toContainEqual(item);
        },
      ),
      { seed: 1128, numRuns: 300 },
    );
  });

  it('keeps an item offered twice once', () => {
    const heap = new TopNHeap<Item>(3, byScoreDesc, (i) => String(i.id));
    for (const item of [
      { id: 1, score: 9 },
      { id: 1, score: 9 },
      { id: 2, score: 1 },
    ]) {
      heap.offer(item);
    }
    expect(heap.sorted()).toEqual([
      { id: 1, score: 9 },
      { id: 2, score: 1 },
    ]);
  });

  it('reports the bar a newcomer must pass once full', () => {
    const heap = new TopNHeap<Item>(2, byScoreDesc, (i) => String(i.id));
    heap.offer({ id: 1, score: 5 });
    expect(heap.full).toBe(false);
    heap.offer({ id: 2, score: 7 });
    heap.offer({ id: 3, score: 6 });
    expect(heap.full).toBe(true);
    expect(heap.worst).toEqual({ id: 3, score: 6 });
  });
});
