/** A binary min-heap: `pop` returns the item with the smallest key, in O(log n). */
export class MinHeap<T> {
  readonly #items: T[] = [];

  constructor(private readonly keyOf: (item: T) => number) {}

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    const key = this.keyOf(item);
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent] as T;
      if (this.keyOf(above) <= key) break;
      items[i] = above;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.#items;
    if (items.length <= 1) return items.pop();
    const top = items[0];
    const last = items.pop() as T;
    const key = this.keyOf(last);
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && this.keyOf(items[right] as T) < this.keyOf(items[left] as T) ? right : left;
      const below = items[child] as T;
      if (this.keyOf(below) >= key) break;
      items[i] = below;
      i = child;
    }
    items[i] = last;
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }
}
