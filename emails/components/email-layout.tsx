import { Body, Container, Head, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { BlastEmailProps } from "./template-props";
import * as s from "./styles";

type LayoutProps = Pick<BlastEmailProps, "agencyName" | "postalAddress" | "agencyPhone" | "unsubscribeUrl"> & {
  preview: string;
  children: ReactNode;
};

/** Frame shared by every template: agency header, content, and the legally required footer. */
export function EmailLayout({ agencyName, postalAddress, agencyPhone, unsubscribeUrl, preview, children }: LayoutProps) {
  const addressLines = (postalAddress ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={s.body}>
        <Container style={s.container}>
          <Section style={s.header}>
            <Text style={s.headerText}>{agencyName}</Text>
          </Section>
          <Section style={s.content}>{children}</Section>
          <Section style={s.footer}>
            <Text style={s.footerText}>
              {agencyName}
              {addressLines.map((line, i) => (
                <span key={i}>
                  <br />
                  {line}
                </span>
              ))}
              {agencyPhone ? (
                <>
                  <br />
                  {agencyPhone}
                </>
              ) : null}
            </Text>
            <Text style={s.footerText}>
              You are receiving this email because you are a customer of {agencyName}.{" "}
              <Link href={unsubscribeUrl} style={s.link}>
                Unsubscribe
              </Link>{" "}
              from emails sent by {agencyName}.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
