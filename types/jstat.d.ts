// The few jStat functions this project uses (jstat ships no types).
declare module "jstat" {
  const jstat: { jStat: typeof jStat };
  export default jstat;
  export const jStat: {
    gammafn(x: number): number;
    studentt: { inv(p: number, dof: number): number };
  };
}
