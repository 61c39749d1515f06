import { seededRandom } from '@droas/testkit';
import { MinHeap } from './minHeap.js';

describe('MinHeap', () => {
  it('pops in key order whatever the push order, with pushes between pops', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 50; run++) {
      const heap = new MinHeap<{ key: number }>((item) => item.key);
      const model: number[] = [];
      for (let step = 0; step < 400; step++) {
        if (random() < 0.6 || heap.size === 0) {
          // Few distinct keys, so ties are common, as with checks due in the same millisecond.
          const key = Math.floor(random() * 50);
          heap.push({ key });
          model.push(key);
          model.sort((a, b) => a - b);
        } else {
          expect(heap.peek()?.key).toBe(model[0]);
          expect(heap.pop()?.key).toBe(model.shift());
        }
        expect(heap.size).toBe(model.length);
      }
      const drained: number[] = [];
      for (let item = heap.pop(); item !== undefined; item = heap.pop()) drained.push(item.key);
      expect(drained).toEqual(model);
    }
  });

  it('is empty after clear, and pop on empty gives undefined', () => {
    const heap = new MinHeap<number>((n) => n);
    heap.push(3);
    heap.push(1);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
  });
});
