declare module '@echogarden/fvad-wasm/fvad.js' {
  const createModule: () => Promise<unknown>;
  export default createModule;
}
