// Next.js configuration for the chat frontend.
const isDev = process.env.NODE_ENV !== "production";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  images: {
    remotePatterns: [
      { protocol: "https", hostname: "cdn.example.com" },
      // trap: myapp is matched by the wildcard rule only (-> myapp-staging),
      // never by the exact rule for the app host (which would give "mystaging")
      { protocol: "https", hostname: "myapp.staging.example.com" },
      // report-only warning: legacy hosts have no replacement yet
      { protocol: "https", hostname: "files.legacy.example.com" },
      // trap: a glob, not the app host: reported, never rewritten to "*-staging"
      { protocol: "https", hostname: "*-app.staging.example.com" },
    ],
  },
  env: {
    // fine: ws:// to localhost during development
    NEXT_PUBLIC_WS_URL: isDev ? "ws://localhost:8000/ws" : "wss://api.staging.example.com/ws",
  },
  async rewrites() {
    return [
      {
        source: "/api/:path*",
        destination: isDev ? "http://localhost:8000/:path*" : "https://api.staging.example.com/:path*",
      },
    ];
  },
};

module.exports = nextConfig;
