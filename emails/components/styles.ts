import type { CSSProperties } from "react";

// Inline styles only: many mail clients (Outlook, Gmail apps) drop <style> blocks and web fonts.
export const colors = { ink: "#1f2933", muted: "#616e7c", brand: "#1d3b6f", accent: "#c2410c", line: "#e4e7eb", bg: "#f5f7fa" };

export const body: CSSProperties = {
  backgroundColor: colors.bg,
  margin: 0,
  padding: "24px 0",
  fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
};
export const container: CSSProperties = {
  backgroundColor: "#ffffff",
  maxWidth: "600px",
  margin: "0 auto",
  borderRadius: "6px",
  overflow: "hidden",
};
export const header: CSSProperties = { backgroundColor: colors.brand, padding: "20px 32px" };
export const headerText: CSSProperties = { color: "#ffffff", fontSize: "20px", fontWeight: 600, margin: 0 };
export const content: CSSProperties = { padding: "8px 32px 24px" };
export const heading: CSSProperties = { color: colors.ink, fontSize: "22px", lineHeight: "30px", margin: "24px 0 8px" };
export const paragraph: CSSProperties = { color: colors.ink, fontSize: "16px", lineHeight: "26px", margin: "0 0 16px" };
export const callout: CSSProperties = {
  backgroundColor: "#fff7ed",
  borderLeft: `4px solid ${colors.accent}`,
  padding: "12px 16px",
  margin: "8px 0 20px",
};
export const footer: CSSProperties = { padding: "16px 32px 24px", borderTop: `1px solid ${colors.line}` };
export const footerText: CSSProperties = { color: colors.muted, fontSize: "12px", lineHeight: "18px", margin: "0 0 6px" };
export const link: CSSProperties = { color: colors.brand, textDecoration: "underline" };
