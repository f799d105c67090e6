import { afterEach, describe, expect, it } from "vitest";
import { socketUrl } from "./socket";

describe("socketUrl", () => {
  afterEach(() => {
    delete process.env.NEXT_PUBLIC_WS_URL;
  });

  it("falls back to the staging endpoint over TLS", () => {
    // trap: regex-escaped host inside a JS string ("\\." is "\." in the regex);
    // the replacement keeps the escaping
    expect(socketUrl()).toMatch(new RegExp("^wss://api\\.staging\\.example\\.com/ws$"));
  });

  it("uses the configured URL", () => {
    // fine: ws:// to localhost
    process.env.NEXT_PUBLIC_WS_URL = "ws://localhost:8000/ws";
    expect(socketUrl()).toBe("ws://localhost:8000/ws");
  });
});
