// Vite config of the dashboard. `npm run build` builds it into dist/web, which the compiled server
// serves; from the sources the server builds it on demand (src/server/web-build.ts). For
// front-end work run `r2k serve` and `npx vite web` side by side: /api is proxied to the server.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  publicDir: "public",
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/api": `http://127.0.0.1:${process.env.R2K_PORT ?? "8377"}` },
  },
});
