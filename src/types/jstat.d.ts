/**
 * jstat ships no type declarations (and @types/jstat does not exist): this declares only the subset Coincast uses.
 * Functions follow jstat 1.9's documented signatures.
 */
declare module "jstat" {
  interface JStatStatic {
    /** ln Γ(x). */
    gammaln(x: number): number;
    /** Sample quantiles; alphap = betap = 1 gives R's default (type 7, linear interpolation). */
    quantiles(
      values: readonly number[],
      probabilities: readonly number[],
      alphap?: number,
      betap?: number,
    ): number[];
    normal: {
      cdf(x: number, mean: number, sd: number): number;
      inv(p: number, mean: number, sd: number): number;
    };
    studentt: {
      cdf(x: number, dof: number): number;
      inv(p: number, dof: number): number;
    };
  }
  const jStatModule: JStatStatic & { jStat: JStatStatic };
  export default jStatModule;
}
