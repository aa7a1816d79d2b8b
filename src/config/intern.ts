/**
 * One string per distinct short text while a file is read: object keys and names repeat (every key has its
 * `name`, `rules`, `action`…), and each copy would otherwise be one more object in the tree for the garbage
 * collector to copy. Bounded: past `limit` distinct texts, new ones are returned as they are.
 */
export class Interner {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly maxLength = 32,
    private readonly limit = 4096,
  ) {}

  intern(text: string): string {
    if (text.length > this.maxLength) return text;
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    if (this.texts.size < this.limit) this.texts.set(text, text);
    return text;
  }
}
