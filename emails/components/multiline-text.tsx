import { Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { Fragment } from "react";

/**
 * Renders user-typed text as paragraphs: blank lines split paragraphs, single newlines become <br/>.
 * The text only ever becomes React text children, so React escapes it: "<script>" arrives as text.
 */
export function MultilineText({ text, style }: { text?: string | null; style: CSSProperties }) {
  const paragraphs = splitParagraphs(text);
  return (
    <>
      {paragraphs.map((lines, i) => (
        <Text key={i} style={style}>
          {lines.map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {line}
            </Fragment>
          ))}
        </Text>
      ))}
    </>
  );
}

export function splitParagraphs(text?: string | null): string[][] {
  const normalized = (text ?? "").replace(/\r\n?/g, "\n").trim();
  if (normalized === "") return [];
  return normalized
    .split(/\n\s*\n/)
    .map((p) => p.split("\n").map((l) => l.trim()))
    .filter((lines) => lines.some((l) => l !== ""));
}
