/**
 * `list.map(fn)` for code that runs per document. V8's optimised code builds the result of an inlined
 * `Array.prototype.map` as a *holey* array, where the interpreter and the builtin build a *packed* one; code that
 * reads such an array was compiled for the shape it met while warming up and is thrown away ("wrong map"
 * deoptimisation) and compiled again when the function making the array gets optimised — once for each `.map`
 * result it reads. Pushing into a fresh array gives the same packed array in every tier.
 */
export function mapped<T, U>(list: readonly T[], fn: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < list.length; i++) out.push(fn(list[i]!, i));
  return out;
}
