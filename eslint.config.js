import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "test-artifacts/", "bench/out/", ".r2k-dev/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // SQL lives in src/store only: named readers and writers there, nothing else talks to DuckDB.
    files: ["src/**/*.ts", "web/**/*.ts"],
    ignores: ["src/store/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "ImportDeclaration[source.value=/^@duckdb/]", message: "only src/store talks to DuckDB" },
        {
          selector: "TemplateElement[value.raw=/^\\s*(select\\s[\\s\\S]*\\sfrom\\s|with\\s+\\w+\\s+as\\s*\\(|insert\\s+(or\\s+replace\\s+)?into\\s|delete\\s+from\\s|update\\s+\\w+\\s+set\\s|create\\s+(or\\s+replace\\s+)?(temp\\s+)?(table|view|index)\\s|drop\\s+(table|view)\\s)/i]",
          message: "SQL belongs in src/store (add a named reader or writer there)",
        },
        {
          selector: "Literal[value=/^\\s*(select\\s[\\s\\S]*\\sfrom\\s|insert\\s+(or\\s+replace\\s+)?into\\s|delete\\s+from\\s|update\\s+\\w+\\s+set\\s|create\\s+(or\\s+replace\\s+)?(temp\\s+)?(table|view|index)\\s|drop\\s+(table|view)\\s)/i]",
          message: "SQL belongs in src/store (add a named reader or writer there)",
        },
        {
          selector: "CallExpression[callee.property.name=/^(rows|scalar|columns|run)$/][callee.object.name=/^store$/]",
          message: "query the store through a named reader or writer of src/store",
        },
      ],
    },
  },
  {
    // The analytics and index core is pure: it may import only the model and itself.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "fs", "path", "http", "https", "child_process"], message: "src/core is I/O-free" },
            { group: ["**/store/**", "**/sources/**", "**/services/**", "**/cli/**", "**/server/**"], message: "src/core imports only src/model" },
            { group: ["@duckdb/*", "commander", "cli-progress", "cli-table3"], message: "src/core is I/O-free" },
          ],
        },
      ],
    },
  },
  {
    // Sources and the store translate into the model; they never reach up into the faces, nor
    // sideways into the engine: what they produce for it is defined in src/model.
    files: ["src/sources/**/*.ts", "src/store/**/*.ts", "src/model/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/cli/**", "**/server/**"], message: "adapters do not import the faces" },
            { group: ["**/core/**"], message: "adapters produce model types (src/model) and do not import src/core" },
          ],
        },
      ],
    },
  },
  {
    // The dashboard reads the API through its typed client (web/src/api.ts): no untyped values,
    // and only types from the server, so the bundle never holds server code.
    files: ["web/src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/src/server/**"], allowTypeImports: true, message: "the dashboard imports only types from the server (import type)" }] },
      ],
    },
  },
);
