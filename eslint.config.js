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
    // Sources and the store translate into the model; they never reach up into the faces.
    files: ["src/sources/**/*.ts", "src/store/**/*.ts", "src/model/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/cli/**", "**/server/**"], message: "adapters do not import the faces" }] }],
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
