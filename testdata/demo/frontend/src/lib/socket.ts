// WebSocket client for the chat frontend.

// trap: insecure scheme and deprecated host in one URL -> two findings, both
// fixable (ws:// -> wss://, and the host)
const FALLBACK_WS_URL = "ws://api.staging.example.com/ws";

export function socketUrl(): string {
  return process.env.NEXT_PUBLIC_WS_URL ?? FALLBACK_WS_URL;
}

export function connect(onMessage: (data: string) => void): WebSocket {
  const ws = new WebSocket(socketUrl());
  ws.addEventListener("message", (e) => onMessage(String(e.data)));
  return ws;
}

// kept: a per-PR preview host written with a placeholder is the host pr-*-api
export const previewWsUrl = (pr: number): string => `wss://pr-${pr}-api.staging.example.com/ws`;
