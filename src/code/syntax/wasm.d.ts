/** A `.wasm` file imported `with { type: "file" }`: its path (inside the compiled binary, an embedded file). */
declare module "*.wasm" {
  const path: string;
  export default path;
}
